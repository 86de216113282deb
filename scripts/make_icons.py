#!/usr/bin/env python3
"""Draws the Trellis application icons (a green lattice on a rounded dark tile) as RGBA PNGs.

Run from the repository root: `python3 scripts/make_icons.py`. Uses only the standard library.
"""
import math
import os
import struct
import zlib


def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(pixels[y * size * 4:(y + 1) * size * 4]) for y in range(size))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def draw(size):
    ss = 4  # supersampling per axis
    px = bytearray(size * size * 4)
    radius = 0.2
    bg = (0x1E, 0x29, 0x3B)
    lattice = (0x4A, 0xDE, 0x80)
    node = (0xBB, 0xF7, 0xD0)
    for y in range(size):
        for x in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(ss):
                for sx in range(ss):
                    u = (x + (sx + 0.5) / ss) / size
                    v = (y + (sy + 0.5) / ss) / size
                    # rounded square tile
                    dx = max(abs(u - 0.5) - (0.5 - radius), 0)
                    dy = max(abs(v - 0.5) - (0.5 - radius), 0)
                    if math.hypot(dx, dy) > radius:
                        continue
                    color = bg
                    # diagonal lattice inside an inset square
                    if 0.16 < u < 0.84 and 0.16 < v < 0.84:
                        w = 0.045
                        p = (u + v) * 3.0
                        q = (u - v) * 3.0
                        if abs(p - round(p)) < w * 3 or abs(q - round(q)) < w * 3:
                            color = lattice
                    # joints of the lattice
                    for cx, cy in ((0.5, 0.5), (0.5, 1 / 6), (0.5, 5 / 6), (1 / 6, 0.5), (5 / 6, 0.5), (1 / 3, 1 / 3), (2 / 3, 1 / 3), (1 / 3, 2 / 3), (2 / 3, 2 / 3)):
                        if math.hypot(u - cx, v - cy) < 0.06:
                            color = node
                    acc[0] += color[0]
                    acc[1] += color[1]
                    acc[2] += color[2]
                    acc[3] += 255
            n = ss * ss
            a = acc[3] / n
            i = (y * size + x) * 4
            if a > 0:
                cover = acc[3] / 255
                px[i:i + 4] = bytes([int(acc[0] / cover), int(acc[1] / cover), int(acc[2] / cover), int(a)])
    return px


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "icons")
    os.makedirs(out, exist_ok=True)
    for name, size in (("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)):
        png(os.path.join(out, name), size, draw(size))
        print("wrote icons/" + name)


if __name__ == "__main__":
    main()
