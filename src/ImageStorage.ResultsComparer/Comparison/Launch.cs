namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>One process launch of one benchmark: the unit of evidence of the launch-level test.</summary>
/// <param name="Round">The interleaved round it ran in, or null when the reports are not interleaved.</param>
/// <param name="File">The report file it was read from.</param>
/// <param name="Index">BenchmarkDotNet's launch index within that report (1, 2, …; 0 in process).</param>
/// <param name="MedianNanoseconds">The median of its Workload/Result iterations, in nanoseconds per operation.</param>
/// <param name="Iterations">How many Workload/Result iterations the median is taken over.</param>
internal sealed record Launch(int? Round, string File, int Index, double MedianNanoseconds, int Iterations);
