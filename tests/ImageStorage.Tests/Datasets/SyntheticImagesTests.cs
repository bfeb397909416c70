using ImageStorage.Datasets;

namespace ImageStorage.Tests.Datasets;

/// <summary>The synthetic data set is deterministic and looks like natural images to a PNG encoder.</summary>
public class SyntheticImagesTests
{
    [Fact]
    public void The_same_seed_gives_the_same_images_whatever_the_count()
    {
        var small = SyntheticImages.Generate(10);
        var large = SyntheticImages.Generate(100);
        TestImages.AssertEqual(small, large.Slice(0, 10));
        var other = SyntheticImages.Generate(10, seed: 1);
        Assert.False(small.Pixels.SequenceEqual(other.Pixels), "another seed gives other images");
        Assert.All(large.Labels.ToArray(), label => Assert.InRange(label, 0, 9));
        Assert.True(large.Labels.ToArray().Distinct().Count() == 10, "all ten classes occur in 100 images");
    }

    [Fact]
    public void Images_are_smooth_not_noise()
    {
        var batch = SyntheticImages.Generate(200);
        long difference = 0, pairs = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var image = batch.Image(i);
            for (int p = 3; p < image.Length; p++)
            {
                if ((p / 3) % 32 == 0)
                {
                    continue; // the first pixel of a row has no left neighbour
                }

                difference += Math.Abs(image[p] - image[p - 3]);
                pairs++;
            }
        }

        double mean = (double)difference / pairs;
        // Neighbouring pixels of photographs differ by a few levels; uniform noise would give ~85.
        Assert.InRange(mean, 1.5, 15);
    }

    [Fact]
    public void Mean_png_size_is_that_of_cifar_images()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Png, SyntheticImages.Generate(500));
        double mean = Directory.GetFiles(path, "*.png").Average(f => new FileInfo(f).Length);
        Assert.InRange(mean, 1000, 3000);
    }
}
