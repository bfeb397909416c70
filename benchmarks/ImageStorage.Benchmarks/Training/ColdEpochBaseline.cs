using BenchmarkDotNet.Attributes;
using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.Benchmarks.Training;

/// <summary>
/// The cold baseline: every file of the store read front to back in 1 MiB reads after eviction, as <c>dd</c> would —
/// the disk's sequential bandwidth for exactly the bytes a <see cref="ColdEpoch"/> reads.
/// </summary>
[BenchmarkCategory("Training", "Read", "Cold")]
public class ColdEpochBaseline : EpochBenchmark
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private long _bytes;
    private double _resident;

    /// <summary>Writes the store and notes the bytes of its files.</summary>
    public override void Setup()
    {
        base.Setup();
        _bytes = PageCache.Files(StoreFile).Sum(f => new FileInfo(f).Length);
    }

    /// <summary>Evicts the store's files.</summary>
    [IterationSetup]
    public void Evict()
    {
        _resident = Math.Max(_resident, ColdStore.Evict(StoreFile));
        RecordResidentAfterEviction(_resident);
    }

    /// <summary>Reads every file of the store sequentially; throws unless every byte was read.</summary>
    [Benchmark]
    public long ReadFiles()
    {
        long total = 0;
        foreach (string file in PageCache.Files(StoreFile))
        {
            using SafeFileHandle handle = File.OpenHandle(file);
            long offset = 0;
            for (int n; (n = RandomAccess.Read(handle, _buffer, offset)) > 0;)
            {
                offset += n;
            }

            total += offset;
        }

        return total == _bytes ? total : throw new InvalidOperationException($"{StoreFile}: read {total} bytes of {_bytes}.");
    }
}
