#!/usr/bin/env python3
"""Draws build/icon.png (512x512): a teal rounded square with a white "C" for credits.
Pure standard library, so anyone can regenerate the icon without image tools."""
import struct, zlib, math, os

N = 512
def inside_rounded(x, y, r=96):
    cx = min(max(x, r), N - 1 - r); cy = min(max(y, r), N - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        if not inside_rounded(x, y):
            row += bytes([0, 0, 0, 0]); continue
        t = (x + y) / (2 * N)
        r, g, b = int(13 + 20 * t), int(148 - 40 * t), int(136 + 30 * t)
        d = math.hypot(x - N / 2, y - N / 2)
        angle = abs(math.degrees(math.atan2(y - N / 2, x - N / 2)))
        if 120 <= d <= 180 and angle > 45:
            r, g, b = 255, 255, 255
        row += bytes([r, g, b, 255])
    rows.append(bytes(row))

def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)

png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', N, N, 8, 6, 0, 0, 0))
png += chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b'')
out = os.path.join(os.path.dirname(__file__), '..', 'build', 'icon.png')
with open(out, 'wb') as f:
    f.write(png)
print('wrote', os.path.normpath(out), len(png), 'bytes')
