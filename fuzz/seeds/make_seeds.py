#!/usr/bin/env python3
"""Rebuild the seed corpora in fuzz/seeds/ from two real packets.

Usage: make_seeds.py DIR, where DIR holds what the CLI exported (see
fuzz/README.md, "Seeds"):

    DIR/kiriman.zip  DIR/kiriman-dir/   a unit's submission (zip and folder)
    DIR/reviu.zip    DIR/reviu-dir/     the evaluator's review of it

Writes the seeds next to this script. The hostile zip shapes are built here
by hand, since no exporter writes them.
"""

import copy
import io
import json
import os
import sys
import zipfile

src = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    os.makedirs(os.path.join(here, target), exist_ok=True)
    with open(os.path.join(here, target, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(src, path), "rb") as f:
        return f.read()


# manifest: both real manifests, and the submission written compactly.
km, rm = read("kiriman-dir/manifest.json"), read("reviu-dir/manifest.json")
put("manifest", "kiriman.json", km)
put("manifest", "reviu.json", rm)
put("manifest", "kiriman-compact.json", json.dumps(json.loads(km), separators=(",", ":")).encode())

# names: the first byte picks max (1 + byte), the rest is the name.
names = [
    (80, "SK Tim Kerja: final?.pdf"), (40, "1 Manajemen Perubahan"),
    (50, "P.1.i Penyusunan Tim Kerja"), (80, "CON.pdf"), (80, "nul .txt"),
    (80, "COM1.tar.gz"), (80, "  spasi   ganda  .docx"), (80, "laporan. . ."),
    (80, "x" * 200 + ".pdf"), (80, "evidence/../../etc/passwd"), (80, "C:\\Windows\\x"),
    (12, "abc.verylong"), (80, "a\x00b\x1fc\u200bd.pdf"), (80, "ПРИКАЗ №1 (копия).pdf"),
]
for i, (mx, n) in enumerate(names):
    put("names", f"{i:02d}", bytes([mx - 1]) + n.encode())

# zip and packet_import: the real review packet, and the submission without
# its three big generated files (laporan.pdf, lke.xlsx, index.html) so the
# inputs stay small; packet_import also gets one with template.json.
kz = zipfile.ZipFile(os.path.join(src, "kiriman.zip"))
data = {i.filename: kz.read(i.filename) for i in kz.infolist()}
infos = [copy.copy(i) for i in kz.infolist()]


def small(keep_template):
    b = io.BytesIO()
    z = zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED)
    for i in infos:
        if i.filename in ("index.html", "laporan.pdf", "lke.xlsx"):
            continue
        if i.filename == "template.json" and not keep_template:
            continue
        z.writestr(copy.copy(i), data[i.filename])
    z.close()
    return b.getvalue()


for target in ("zip", "packet_import"):
    put(target, "reviu.zip", read("reviu.zip"))
    put(target, "kiriman-kecil.zip", small(False))
put("packet_import", "kiriman-dengan-templat.zip", small(True))


def mk(name, entries, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    z = zipfile.ZipFile(b, "w", method)
    for n, c in entries:
        z.writestr(n, c)
    z.close()
    put("zip", name, b.getvalue())


mk("dotdot.zip", [("manifest.json", b"{}"), ("../../evil.txt", b"x")])
mk("absolut.zip", [("/tmp/evil.txt", b"x")])
mk("drive.zip", [("C:/evil.txt", b"x")])
mk("backslash.zip", [("evidence\\..\\evil.txt", b"x")])
mk("ganda.zip", [("index.html", b"a"), ("INDEX.HTML", b"b")])
mk("folder.zip", [("evidence/", b""), ("evidence/a.pdf", b"%PDF")])
link = zipfile.ZipInfo("evidence/passwd")
link.external_attr, link.create_system = 0o120777 << 16, 3
mk("symlink.zip", [(link, b"/etc/passwd")])
fifo = zipfile.ZipInfo("evidence/fifo")
fifo.external_attr, fifo.create_system = 0o010644 << 16, 3
mk("fifo.zip", [(fifo, b"")])
mk("bom.zip", [("evidence/bom.pdf", b"\0" * (2 << 20))])
mk("bzip2.zip", [("a.txt", b"hello" * 10)], method=zipfile.ZIP_BZIP2)

b = io.BytesIO()
z = zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED)
with z.open("manifest.json", "w", force_zip64=True) as f:
    f.write(b'{"format":"daduk-packet"}')
z.close()
put("zip", "zip64.zip", b.getvalue())


class Unseekable(io.RawIOBase):
    """Makes zipfile write data descriptors, as streaming writers do."""

    def __init__(self):
        self.b = bytearray()

    def writable(self):
        return True

    def write(self, d):
        self.b += d
        return len(d)


u = Unseekable()
z = zipfile.ZipFile(u, "w", zipfile.ZIP_DEFLATED)
with z.open("manifest.json", "w") as f:
    f.write(b'{"format":"daduk-packet","version":1}')
with z.open("evidence/a.pdf", "w") as f:
    f.write(b"%PDF-1.4 data")
z.close()
put("zip", "streamed.zip", bytes(u.b))

# An entry with the "encrypted" flag set in both headers.
b = io.BytesIO()
z = zipfile.ZipFile(b, "w", zipfile.ZIP_STORED)
z.writestr("a.txt", b"secret")
z.close()
e = bytearray(b.getvalue())
e[6] |= 1
e[e.rfind(b"PK\x01\x02") + 8] |= 1
put("zip", "enc.zip", bytes(e))

# packet_signed: the submission's manifest without the three big files,
# then its evidence files as sections (the harness adds template.json,
# signs, and writes SHA256SUMS); and the review's manifest alone.
m = json.loads(data["manifest.json"])
m["files"] = [f for f in m["files"] if f["path"] not in ("index.html", "laporan.pdf", "lke.xlsx")]
c = json.dumps(m, indent=2, ensure_ascii=False).encode()
for f in m["files"]:
    if f["path"] != "template.json":
        c += b"\n--- " + f["path"].encode() + b"\n" + data[f["path"]]
put("packet_signed", "kiriman.txt", c)
put("packet_signed", "reviu.txt", zipfile.ZipFile(os.path.join(src, "reviu.zip")).read("manifest.json"))
