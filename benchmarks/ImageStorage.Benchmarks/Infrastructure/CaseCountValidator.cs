using BenchmarkDotNet.Validators;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>Refuses a run in which one benchmark method expands into more cases than the suite's time budget allows.</summary>
public sealed class CaseCountValidator(int maxCasesPerMethod) : IValidator
{
    /// <inheritdoc />
    public bool TreatsWarningsAsErrors => true;

    /// <inheritdoc />
    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        return validationParameters.Benchmarks
            .GroupBy(b => b.Descriptor)
            .Where(g => g.Count() > maxCasesPerMethod)
            .Select(g => new ValidationError(true, $"{g.Key.DisplayInfo} expands into {g.Count()} cases (parameters × jobs); the suite allows {maxCasesPerMethod}. Narrow --counts or the parameters.", g.First()));
    }
}
