using System.Runtime.ExceptionServices;

namespace ImageStorage.IO;

/// <summary>Runs per-image work on every core and reports a failure as the library's own exception, not an AggregateException.</summary>
internal static class ParallelWork
{
    /// <summary>
    /// Splits [0, <paramref name="count"/>) into <paramref name="chunks"/> contiguous parts and runs
    /// <paramref name="body"/>(from, to) for each, on every core when there is more than one.
    /// </summary>
    public static void ForChunks(int count, int chunks, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }

        For(chunks, c => body((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
    }

    /// <summary>Runs <paramref name="body"/> for every index below <paramref name="count"/> on every core (at most <paramref name="maxDegreeOfParallelism"/>; -1: all).</summary>
    public static void For(int count, Action<int> body, int maxDegreeOfParallelism = -1)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
        }
        catch (AggregateException e)
        {
            // The lowest id among the failures, so the message is the same from run to run.
            var first = e.Flatten().InnerExceptions
                .OrderBy(x => x is ImageStoreException store ? store.ImageId ?? int.MaxValue : int.MaxValue)
                .First();
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
    }
}
