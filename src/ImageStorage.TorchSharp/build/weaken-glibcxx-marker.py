#!/usr/bin/env python3
"""Lets TorchSharp's libLibTorchSharp.so load on a libstdc++ older than the GCC 13 it was built with.

GCC 13's <iostream> makes every object that includes it require the symbol std::ios_base_library_init()
at version GLIBCXX_3.4.32, only as a marker: nothing relocates or calls it. Debian 12's libstdc++ stops at
GLIBCXX_3.4.30, so the dynamic linker refuses the whole library for that one version. This marks the
requirement weak (VER_FLG_WEAK in its .gnu.version_r entry): a missing weak version is not an error.

It refuses (exit 1) unless the file is an x86-64 ELF shared object whose only use of that version is the
never-relocated marker, so it can never weaken something real. Running it twice changes nothing.

usage: weaken-glibcxx-marker.py LIBLIBTORCHSHARP_SO
"""
import struct
import sys

VERSION = b"GLIBCXX_3.4.32"
MARKER = b"_ZSt21ios_base_library_initv"
SHT_RELA, SHT_DYNSYM, SHT_REL = 4, 11, 9
SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2


def fail(path, message):
    sys.exit(f"weaken-glibcxx-marker: {path}: {message}")


def c_string(data, offset):
    return bytes(data[offset:data.index(0, offset)])


def main(path):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        fail(path, "not a 64-bit little-endian ELF file")
    e_type, e_machine = struct.unpack_from("<HH", data, 0x10)
    if e_type != 3 or e_machine != 62:
        fail(path, f"not an x86-64 shared object (type {e_type}, machine {e_machine})")

    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    # (type, offset, size, link, info, entsize) of every section: Elf64_Shdr without name, flags, address, alignment.
    sections = [struct.unpack_from("<4xI16xQQII8xQ", data, shoff + i * shentsize) for i in range(shnum)]

    def only(kind, name):
        found = [s for s in sections if s[0] == kind]
        if len(found) != 1:
            fail(path, f"expected one {name} section, found {len(found)}")
        return found[0]

    verneed, versym, dynsym = only(SHT_GNU_VERNEED, ".gnu.version_r"), only(SHT_GNU_VERSYM, ".gnu.version"), only(SHT_DYNSYM, ".dynsym")
    verneed_strings = sections[verneed[3]][1]

    # Find the one auxiliary entry naming the version, and its version index.
    entry, index, flags = None, None, None
    at = verneed[1]
    for _ in range(verneed[4]):
        _version, count, _file, aux, next_entry = struct.unpack_from("<HHIII", data, at)
        a = at + aux
        for _ in range(count):
            _hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, a)
            if c_string(data, verneed_strings + vna_name) == VERSION:
                if entry is not None:
                    fail(path, f"{VERSION.decode()} is required twice")
                entry, index, flags = a, vna_other, vna_flags
            a += vna_next
        if next_entry == 0:
            break
        at += next_entry
    if entry is None:
        print(f"weaken-glibcxx-marker: {path}: does not require {VERSION.decode()}; nothing to do")
        return

    # Which dynamic symbols carry that version index: it must be the marker alone.
    symbol_strings = sections[dynsym[3]][1]
    symbol_count = dynsym[2] // dynsym[5]
    users = []
    for i in range(symbol_count):
        version, = struct.unpack_from("<H", data, versym[1] + 2 * i)
        if version & 0x7FFF == index:
            name, = struct.unpack_from("<I", data, dynsym[1] + i * dynsym[5])
            users.append((i, c_string(data, symbol_strings + name)))
    if [name for _, name in users] != [MARKER]:
        fail(path, f"{VERSION.decode()} is used by {[n.decode() for _, n in users]}, not only by the marker {MARKER.decode()}; refusing to weaken it")
    marker_index = users[0][0]

    # No relocation may refer to the marker: then nothing ever looks it up.
    for kind, off, size, link, _info, ent in sections:
        if kind in (SHT_RELA, SHT_REL) and sections[link][0] == SHT_DYNSYM:
            for r in range(off, off + size, ent):
                r_info, = struct.unpack_from("<Q", data, r + 8)
                if r_info >> 32 == marker_index:
                    fail(path, f"a relocation refers to {MARKER.decode()}; refusing to weaken it")

    if flags & VER_FLG_WEAK:
        print(f"weaken-glibcxx-marker: {path}: {VERSION.decode()} is already weak")
        return
    struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
    with open(path, "r+b") as f:
        f.seek(entry + 4)
        f.write(data[entry + 4:entry + 6])
    print(f"weaken-glibcxx-marker: {path}: marked {VERSION.decode()} (only {MARKER.decode()}) weak")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
