namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// The repository's <c>artifacts/</c> folder, which holds the run folders (<c>runs/</c>), the index of runs and the
/// shared data-set cache. Found from the program's own location, so every process of a run, from any working
/// directory, agrees on it.
/// </summary>
public static class ArtifactsRoot
{
    /// <summary>The folder: <c>artifacts/</c> beside <c>ImageStorage.Benchmarks.sln</c>, or under the working directory outside a clone.</summary>
    public static string Path { get; } = Find();

    /// <summary>The folder of the run folders.</summary>
    public static string Runs => System.IO.Path.Combine(Path, "runs");

    private static string Find()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "ImageStorage.Benchmarks.sln")))
                {
                    return System.IO.Path.Combine(dir.FullName, "artifacts");
                }
            }
        }

        return System.IO.Path.GetFullPath("artifacts");
    }
}
