using ImageStorage.IO;

namespace ImageStorage.Tests.IO;

/// <summary>Dropping a store from the page cache works without privileges, and mincore sees it go and come back.</summary>
public class PageCacheTests
{
    [Theory]
    [InlineData(StoreKind.Raw)]
    [InlineData(StoreKind.Lmdb)]
    [InlineData(StoreKind.Hdf5)]
    public void An_evicted_store_is_not_cached_until_it_is_read_again(StoreKind kind)
    {
        OnDisk(kind, 2000, (path, images) =>
        {
            ReadAll(path, images);
            Assert.True(PageCache.ResidentFraction(path) > 0.9, $"{PageCache.ResidentFraction(path):P0} cached right after a read");

            PageCache.Evict(path);
            double evicted = PageCache.ResidentFraction(path);
            Assert.True(evicted < 0.05, $"{evicted:P1} still cached after eviction");

            ReadAll(path, images);
            Assert.True(PageCache.ResidentFraction(path) > 0.9, $"{PageCache.ResidentFraction(path):P0} cached after reading it again");
        });
    }

    [Theory]
    [InlineData(StoreKind.Raw)]
    [InlineData(StoreKind.Lmdb)]
    [InlineData(StoreKind.Hdf5)]
    public void A_cold_store_read_in_order_gets_the_kernels_readahead(StoreKind kind)
    {
        // A reader that turns readahead off (POSIX_FADV_RANDOM) leaves cached only the pages it asked for.
        OnDisk(kind, 4000, (path, images) =>
        {
            long size = PageCache.Files(path).Sum(f => new FileInfo(f).Length);
            PageCache.Evict(path);

            using var store = ImageStores.Open(path);
            var batch = ImageBatch.Allocate(images.Shape, 256);
            for (int start = 0; start < 1024; start += 256)
            {
                store.ReadRange(start, batch);
            }

            long asked = 1024L * images.Shape.ByteCount;
            long cached = (long)(PageCache.ResidentFraction(path) * size);
            Assert.True(cached >= asked + (64 << 10), $"{cached:N0} bytes cached after reading {asked:N0} in order: the kernel read nothing ahead");
        });
    }

    [Fact]
    public void The_files_of_a_directory_store_are_all_its_files()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Png, TestImages.Batch(5, new ImageShape(4, 4, 3)));
        Assert.Equal(Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal), PageCache.Files(path));
        Assert.Throws<NotAStoreException>(() => PageCache.Evict(dir.Combine("missing")));
    }

    // A store of `count` images next to the tests, not in the temp folder: a tmpfs temp folder keeps its pages in memory by definition.
    private static void OnDisk(StoreKind kind, int count, Action<string, ImageBatch> test)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "page-cache-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var images = TestImages.Batch(count, ImageShape.Cifar10);
            string path = Path.Combine(dir, ImageStores.DefaultName(kind, "store"));
            ImageStores.Write(kind, path, images);
            test(path, images);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void ReadAll(string path, ImageBatch expected)
    {
        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(expected, store.ReadAll());
    }
}
