using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LightningDB;

namespace ImageStorage.Lmdb;

/// <summary>
/// Makes LightningDB load the LMDB library this project compiles (see LmdbNative.targets) instead of its bundled
/// binary. It runs from a module initializer because BenchmarkDotNet's child processes and test hosts never run our
/// Main; code that calls LightningDB directly calls <see cref="EnsureLoaded"/> first.
/// </summary>
public static class LmdbNative
{
    /// <summary>The file name of the LMDB library compiled at build time.</summary>
    public const string FileName = "liblmdb-imagestorage.so";

    private const string LightningLibraryName = "lmdb";
    private static readonly Lock Gate = new();
    private static int _installed;
    private static IntPtr _handle;

    /// <summary>The file the LMDB library was loaded from, once loaded.</summary>
    public static string? LoadedFrom { get; private set; }

    /// <summary>Installs the resolver (once) and loads LMDB, throwing an exception that says what to install if it cannot.</summary>
    public static void EnsureLoaded()
    {
        Install();
        lock (Gate)
        {
            if (_handle == IntPtr.Zero)
            {
                _handle = Resolve(LightningLibraryName, typeof(LightningEnvironment).Assembly, null);
            }
        }
    }

#pragma warning disable CA2255 // A library module initializer is the only hook that runs in every host.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0)
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(LightningEnvironment).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone set a resolver for LightningDB already; only one is allowed, and theirs stays.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LightningLibraryName)
        {
            return IntPtr.Zero;
        }

        lock (Gate)
        {
            if (_handle != IntPtr.Zero)
            {
                return _handle;
            }

            foreach (string directory in CandidateDirectories())
            {
                string path = Path.Combine(directory, FileName);
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    _handle = NativeLibrary.Load(path);
                    LoadedFrom = path;
                    return _handle;
                }
                catch (DllNotFoundException e)
                {
                    throw new DllNotFoundException(Help($"Loading {path} failed: {e.Message}"), e);
                }
            }

            // Not built here (not Linux): LightningDB's own binary, compiled from the same LMDB 1.0.1 source.
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out _handle))
            {
                LoadedFrom = name;
                return _handle;
            }

            throw new DllNotFoundException(Help($"{FileName} is not in {string.Join(", ", CandidateDirectories())}, and LightningDB's bundled liblmdb did not load (it needs glibc 2.38 or newer)."));
        }
    }

    private static IEnumerable<string> CandidateDirectories() =>
        new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(LmdbNative).Assembly.Location) }
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d!)))
            .Distinct(StringComparer.Ordinal);

    private static string Help(string what) =>
        $"The LMDB native library is unavailable. {what} ImageStorage compiles LMDB from source when it is built: install a C compiler (Debian/Ubuntu: apt-get install gcc) and build again, so that {FileName} is copied next to the application.";
}
