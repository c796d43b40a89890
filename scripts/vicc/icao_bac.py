"""ICAO Doc 9303-11 Basic Access Control primitives for the virtual JMRTD card (jmrtd_card.py):
key derivation from the MRZ information, 2-key 3DES-CBC, the ISO/IEC 9797-1 retail MAC with
padding method 2, and the BER-TLV the applet reads. Tested against the 9303-11 appendix D values
(tests/encoder/lds1-bac.test.ts).
"""
import hashlib

try:
    from Cryptodome.Cipher import DES, DES3
except ImportError:  # pragma: no cover - the mended PYTHONPATH provides Crypto as well
    from Crypto.Cipher import DES, DES3


# --- BAC cryptography (Doc 9303-11 section 4.3, appendix D) -----------------------------------
def pad(data):
    data = data + b"\x80"
    return data + b"\x00" * ((8 - len(data) % 8) % 8)


def unpad(data):
    i = len(data) - 1
    while i >= 0 and data[i] == 0:
        i -= 1
    if i < 0 or data[i] != 0x80:
        raise ValueError("bad padding")
    return data[:i]


def tdes_enc(key, data):
    return DES3.new(key, DES3.MODE_CBC, iv=bytes(8)).encrypt(data)


def tdes_dec(key, data):
    return DES3.new(key, DES3.MODE_CBC, iv=bytes(8)).decrypt(data)


def retail_mac(key, data):
    """ISO/IEC 9797-1 MAC algorithm 3 with padding method 2."""
    data = pad(data)
    ka, kb = key[:8], key[8:16]
    h = bytes(8)
    if len(data) > 8:
        h = DES.new(ka, DES.MODE_CBC, iv=bytes(8)).encrypt(data[:-8])[-8:]
    last = bytes(a ^ b for a, b in zip(h, data[-8:]))
    y = DES.new(ka, DES.MODE_ECB).encrypt(last)
    y = DES.new(kb, DES.MODE_ECB).decrypt(y)
    return DES.new(ka, DES.MODE_ECB).encrypt(y)


def derive_key(seed, counter):
    d = bytearray(hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()[:16])
    for i, b in enumerate(d):
        b &= 0xFE
        d[i] = b | (0 if bin(b).count("1") % 2 else 1)
    return bytes(d)


def check_digit(s):
    total = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else (ord(c) - 55 if "A" <= c <= "Z" else 0)
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def mrz_information(doc, dob, doe):
    doc = doc.ljust(9, "<")
    return doc + check_digit(doc) + dob + check_digit(dob) + doe + check_digit(doe)


def document_keys(info):
    seed = hashlib.sha1(info.encode("ascii")).digest()[:16]
    return derive_key(seed, 1), derive_key(seed, 2)


# --- BER-TLV (what the applet needs) ----------------------------------------------------------
def tlv(tag, value):
    t = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    n = len(value)
    if n < 0x80:
        ln = bytes([n])
    elif n <= 0xFF:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82, n >> 8, n & 0xFF])
    return t + ln + value


def parse_tlvs(b):
    out, i = [], 0
    while i < len(b):
        tag = b[i]
        i += 1
        if tag & 0x1F == 0x1F:
            tag = (tag << 8) | b[i]
            i += 1
        n = b[i]
        i += 1
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(b[i:i + k], "big")
            i += k
        if i + n > len(b):
            raise ValueError("truncated TLV")
        out.append((tag, b[i:i + n]))
        i += n
    return out
