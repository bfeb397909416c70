using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LightningDB;

namespace ImageStorage.Lmdb;

/// <summary>
/// Makes LightningDB use the system's released LMDB 0.9 (Debian/Ubuntu: <c>liblmdb0</c>), whose files py-lmdb, Caffe
/// and <c>lmdb-utils</c> read, instead of the LMDB 1.0 development build LightningDB bundles, whose files they cannot.
/// Every LightningDB call the stores make exists in 0.9 with the same ABI. It runs from a module initializer because
/// BenchmarkDotNet's child processes and test hosts never run our Main.
/// </summary>
public static class LmdbNative
{
    /// <summary>The library loaded: LMDB 0.9's soname.</summary>
    public const string FileName = "liblmdb.so.0";

    private const string LightningLibraryName = "lmdb";
    private static readonly Lock Gate = new();
    private static int _installed;
    private static IntPtr _handle;

    /// <summary>The LMDB version loaded, e.g. "0.9.24", once loaded.</summary>
    public static string LibraryVersion { get; private set; } = "0.9";

    /// <summary>Installs the resolver (once) and loads LMDB, throwing an exception that says what to install if it cannot.</summary>
    public static void EnsureLoaded()
    {
        Install();
        lock (Gate)
        {
            if (_handle == IntPtr.Zero)
            {
                _handle = Resolve(LightningLibraryName, typeof(LightningEnvironment).Assembly, null);
                var (major, minor, patch) = Version(_handle);
                LibraryVersion = $"{major}.{minor}.{patch}";
                if (major != 0 || minor != 9)
                {
                    throw new DllNotFoundException($"{FileName} is LMDB {LibraryVersion}; ImageStorage writes the LMDB 0.9 file format and needs LMDB 0.9.x (Debian/Ubuntu: apt-get install liblmdb0).");
                }
            }
        }
    }

    // mdb_version(int* major, int* minor, int* patch) is in every LMDB: asked directly, so no environment is needed.
    private static unsafe (int Major, int Minor, int Patch) Version(IntPtr library)
    {
        var mdbVersion = (delegate* unmanaged<int*, int*, int*, IntPtr>)NativeLibrary.GetExport(library, "mdb_version");
        int major, minor, patch;
        _ = mdbVersion(&major, &minor, &patch);
        return (major, minor, patch);
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

            // Never LightningDB's own binary: it is LMDB 1.0, whose files no released LMDB reads.
            if (NativeLibrary.TryLoad(FileName, out _handle))
            {
                return _handle;
            }

            throw new DllNotFoundException($"The LMDB library {FileName} is not installed. ImageStorage uses the system's LMDB 0.9 (Debian/Ubuntu: apt-get install liblmdb0; Fedora: dnf install lmdb-libs).");
        }
    }
}
