using System.Runtime.ExceptionServices;

namespace ImageStorage.IO;

/// <summary>Runs per-image work on every core and reports a failure as the library's own exception, not an AggregateException.</summary>
internal static class ParallelWork
{
    /// <summary>Splits [0, <paramref name="count"/>) into <paramref name="chunks"/> contiguous parts and runs <paramref name="body"/>(start, length) on each, in parallel unless there is one.</summary>
    public static void ForChunks(int count, int chunks, Action<int, int> body)
    {
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }

        For(chunks, c =>
        {
            int from = (int)((long)count * c / chunks);
            int to = (int)((long)count * (c + 1) / chunks);
            body(from, to - from);
        });
    }

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
