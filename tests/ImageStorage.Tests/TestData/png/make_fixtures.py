#!/usr/bin/env python3
"""Writes the PNG fixtures the codec tests read: made by Pillow, not by ImageStorage, so both codecs are held to
files from another encoder. Every image is 32 x 32 with the pattern

    value(y, x, c) = (8 * x + 3 * y + 85 * c + (x * y) % 23) % 256      (c = 0 for grayscale)

which the tests compute themselves (PngFixtures.Expected).

pillow_rgb.png          RGB, 8-bit, Pillow's defaults (zlib 6)                       -> read exactly
pillow_rgb_best.png     RGB, 8-bit, optimize=True (zlib 9, other deflate choices)     -> read exactly
pillow_gray.png         grayscale, 8-bit                                               -> read exactly
pillow_chunks.png       RGB with iCCP, gAMA, pHYs, tEXt, zTXt, iTXt and private chunks
                        before and after IDAT                                          -> read exactly, chunks ignored
pillow_gray16.png       grayscale, 16-bit                                              -> refused: wrong format
pillow_palette.png      palette (colour type 3) of the RGB pattern                    -> refused: wrong format
pillow_apng.png         animated PNG, two frames (the pattern, then its inverse)       -> refused: animated

Run with Debian's python3-pil and python3-numpy:  /usr/bin/python3 make_fixtures.py
"""
import numpy as np
from PIL import Image, ImageCms, PngImagePlugin

y, x = np.mgrid[0:32, 0:32]


def pattern(c):
    return ((8 * x + 3 * y + 85 * c + (x * y) % 23) % 256).astype(np.uint8)


rgb = Image.fromarray(np.stack([pattern(c) for c in range(3)], axis=-1), "RGB")
gray = Image.fromarray(pattern(0), "L")

rgb.save("pillow_rgb.png")
rgb.save("pillow_rgb_best.png", optimize=True)
gray.save("pillow_gray.png")

info = PngImagePlugin.PngInfo()
info.add_text("Comment", "made by Pillow for the ImageStorage codec tests")
info.add_text("Software", "Pillow " + Image.__version__, zip=True)
info.add_itxt("Title", "Prüfbild", lang="de", tkey="Titel")
info.add(b"gAMA", (45455).to_bytes(4, "big"))
info.add(b"prVt", b"a private ancillary chunk")
# Pillow writes only private chunks (lower-case second letter) after IDAT.
info.add(b"prVz", b"a private chunk after the image data", after_idat=True)
srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
rgb.save("pillow_chunks.png", pnginfo=info, dpi=(300, 300), icc_profile=srgb)

Image.fromarray(pattern(0).astype(np.uint16) * 257, "I;16").save("pillow_gray16.png")
rgb.quantize(colors=256).save("pillow_palette.png")

inverse = Image.fromarray(255 - np.asarray(rgb), "RGB")
rgb.save("pillow_apng.png", save_all=True, append_images=[inverse], duration=100, loop=0)
