#!/usr/bin/env python3
"""A virtual JMRTD passport applet for the test stack: vicc's framework, our card type.

Debian's vicc (virtualsmartcard 0.8) has no card that does TD1 Basic Access Control (its ePass
type derives keys from TD3 positions only and its Python 3 secure messaging fails on any command
with data), so this card type implements the subset of the open JMRTD passport applet the
encoder's `icao-lds1` profile uses, on virtualsmartcard's `SmartcardOS` and `VirtualICC`:

  personalisation (plain APDUs, until locked)
    SELECT by AID A0 00 00 02 47 10 01    00 A4 04 0C
    CREATE FILE 63 04 <size> <fid>        00 E0 00 00
    SELECT EF <fid>                       00 A4 02 0C
    UPDATE BINARY                         00 D6 <offset>
    PUT DATA 62 {04 doc, 04 dob, 04 doe}  00 DA 00 62   (the chip derives its BAC keys)
    PUT DATA lock                         00 DA DE AD
  reading (after lock: only through BAC, ICAO Doc 9303-11)
    GET CHALLENGE                         00 84 00 00 08
    EXTERNAL AUTHENTICATE                 00 82 00 00 28  (wrong MRZ: 6300, as the applet)
    then SELECT EF / READ BINARY under secure messaging (CLA 0C, DO87/DO97/DO8E, DO99)

Run:  PYTHONPATH=<mended vicc copy> python3 jmrtd_card.py [--port 35963]
Contents live as long as the process (a card pulled out is the process killed).
"""
import argparse
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from icao_bac import (  # noqa: E402
    derive_key,
    document_keys,
    mrz_information,
    pad,
    parse_tlvs,
    retail_mac,
    tdes_dec,
    tdes_enc,
    tlv,
    unpad,
)
from virtualsmartcard.VirtualSmartcard import Iso7816OS, SmartcardOS, VirtualICC  # noqa: E402

LDS1_AID = bytes.fromhex("A0000002471001")
CAPACITY = 64 * 1024
MAX_READ = 0xE0  # the applet answers at most 224 bytes per READ BINARY

SW_OK = 0x9000


class CardError(Exception):
    def __init__(self, sw):
        super().__init__(hex(sw))
        self.sw = sw


def parse_apdu(msg):
    """(cla, ins, p1, p2, data, le) of a short APDU; le None when absent, 256 for 00."""
    if len(msg) < 4:
        raise CardError(0x6700)
    cla, ins, p1, p2 = msg[0], msg[1], msg[2], msg[3]
    body = msg[4:]
    if not body:
        return cla, ins, p1, p2, b"", None
    if len(body) == 1:
        return cla, ins, p1, p2, b"", body[0] or 256
    lc = body[0]
    if lc == 0 or len(body) not in (1 + lc, 2 + lc):
        raise CardError(0x6700)  # extended length is not supported by the applet
    le = None if len(body) == 1 + lc else (body[1 + lc] or 256)
    return cla, ins, p1, p2, body[1:1 + lc], le


class JmrtdAppletOS(SmartcardOS):
    """The JMRTD passport applet subset; `atr` as vicc's iso7816 card answers."""

    def __init__(self, atr):
        self.atr = atr
        self.files = {}  # fid -> bytearray of its declared size
        self.written = {}  # fid -> highest offset written (READ BINARY ends there)
        self.locked = False
        self.doc_keys = None  # (k_enc, k_mac) once PUT DATA gave the MRZ key seed
        self.reset()

    # power and reset end any session and selection; contents stay
    def reset(self):
        self.selected_applet = False
        self.selected = None
        self.rnd_icc = None
        self.session = None  # (ks_enc, ks_mac, ssc as int)

    def powerUp(self):
        self.reset()

    def powerDown(self):
        self.reset()

    def getATR(self):
        return self.atr

    def execute(self, msg):
        try:
            cla, ins, p1, p2, data, le = parse_apdu(msg)
        except CardError as e:
            return e.sw.to_bytes(2, "big")
        if cla & 0x0C == 0x0C:
            return self.secure(cla, ins, p1, p2, data)
        if self.session is not None:
            # A plain APDU ends the secure session (Doc 9303-11 section 9.8.1).
            self.session = None
        try:
            out = self.dispatch(ins, p1, p2, data, le, secure=False)
            return out + SW_OK.to_bytes(2, "big")
        except CardError as e:
            return e.sw.to_bytes(2, "big")

    # --- secure messaging --------------------------------------------------------------------
    def next_ssc(self):
        enc, mac, ssc = self.session
        ssc = (ssc + 1) % (1 << 64)
        self.session = (enc, mac, ssc)
        return ssc.to_bytes(8, "big")

    def secure(self, cla, ins, p1, p2, body):
        if self.session is None:
            return (0x6882).to_bytes(2, "big")
        enc, mac, _ = self.session
        try:
            objs = parse_tlvs(body)
        except (ValueError, IndexError):
            self.session = None
            return (0x6988).to_bytes(2, "big")
        do87 = next((v for t, v in objs if t == 0x87), None)
        do97 = next((v for t, v in objs if t == 0x97), None)
        do8e = next((v for t, v in objs if t == 0x8E), None)
        header = pad(bytes([cla, ins, p1, p2]))
        covered = b"".join(tlv(t, v) for t, v in objs if t in (0x87, 0x97))
        ssc = self.next_ssc()
        if do8e is None or retail_mac(mac, ssc + header + covered) != do8e:
            self.session = None
            return (0x6988).to_bytes(2, "big")
        data = b""
        if do87 is not None:
            if not do87 or do87[0] != 0x01:
                self.session = None
                return (0x6988).to_bytes(2, "big")
            try:
                data = unpad(tdes_dec(enc, do87[1:]))
            except ValueError:
                self.session = None
                return (0x6988).to_bytes(2, "big")
        le = None
        if do97 is not None:
            le = do97[0] or 256
        try:
            out = self.dispatch(ins, p1, p2, data, le, secure=True)
            sw = SW_OK
        except CardError as e:
            out, sw = b"", e.sw
        resp = b""
        if out:
            resp += tlv(0x87, b"\x01" + tdes_enc(enc, pad(out)))
        resp += tlv(0x99, sw.to_bytes(2, "big"))
        if self.session is None:  # the command ended the session
            return sw.to_bytes(2, "big")
        ssc = self.next_ssc()
        resp += tlv(0x8E, retail_mac(mac, ssc + resp))
        return resp + SW_OK.to_bytes(2, "big")

    # --- commands ----------------------------------------------------------------------------
    def dispatch(self, ins, p1, p2, data, le, secure):
        if ins == 0xA4:
            return self.select(p1, data, secure)
        if not self.selected_applet:
            raise CardError(0x6D00)
        if ins == 0xB0:
            return self.read_binary(p1, p2, le, secure)
        if ins == 0x84:
            return self.get_challenge(le)
        if ins == 0x82:
            return self.external_authenticate(data)
        if ins in (0xD6, 0xE0, 0xDA):
            if self.locked:
                raise CardError(0x6D00)  # as the applet: writing commands vanish once locked
            if ins == 0xD6:
                return self.update_binary(p1, p2, data)
            if ins == 0xE0:
                return self.create_file(data)
            return self.put_data(p1, p2, data)
        raise CardError(0x6D00)

    def select(self, p1, data, secure):
        if p1 == 0x04:
            if data != LDS1_AID:
                raise CardError(0x6A82)
            self.reset()
            self.selected_applet = True
            return b""
        if not self.selected_applet:
            raise CardError(0x6A82)
        if len(data) != 2:
            raise CardError(0x6700)
        if self.locked and not secure:
            raise CardError(0x6982)
        fid = int.from_bytes(data, "big")
        if fid not in self.files:
            raise CardError(0x6A82)
        self.selected = fid
        return b""

    def read_binary(self, p1, p2, le, secure):
        if self.locked and not secure:
            raise CardError(0x6982)
        if self.selected is None:
            raise CardError(0x6986)
        offset = (p1 << 8) | p2
        end = self.written.get(self.selected, 0)
        if offset > end or (offset == end and offset > 0):
            raise CardError(0x6B00)
        n = min(le or 256, MAX_READ, end - offset)
        return bytes(self.files[self.selected][offset:offset + n])

    def update_binary(self, p1, p2, data):
        if self.selected is None:
            raise CardError(0x6986)
        offset = (p1 << 8) | p2
        f = self.files[self.selected]
        if offset + len(data) > len(f):
            raise CardError(0x6700)
        f[offset:offset + len(data)] = data
        self.written[self.selected] = max(self.written.get(self.selected, 0), offset + len(data))
        return b""

    def create_file(self, data):
        if len(data) < 6 or data[1] < 4:
            raise CardError(0x6700)
        if data[0] != 0x63:
            raise CardError(0x6984)
        size = int.from_bytes(data[2:4], "big")
        fid = int.from_bytes(data[4:6], "big")
        if fid in self.files:
            raise CardError(0x6A89)
        if sum(len(f) for f in self.files.values()) + size > CAPACITY:
            raise CardError(0x6A84)
        self.files[fid] = bytearray(size)
        return b""

    def put_data(self, p1, p2, data):
        if p1 == 0xDE and p2 == 0xAD:
            self.locked = True
            self.reset()
            return b""
        if p1 == 0x00 and p2 == 0x62:
            try:
                (tag, value), = parse_tlvs(data)
                parts = [v for t, v in parse_tlvs(value) if t == 0x04]
            except (ValueError, IndexError):
                raise CardError(0x6A80)
            if tag != 0x62 or len(parts) != 3:
                raise CardError(0x6A80)
            doc, dob, doe = (p.decode("ascii") for p in parts)
            self.doc_keys = document_keys(mrz_information(doc, dob, doe))
            return b""
        raise CardError(0x6A88)

    def get_challenge(self, le):
        if self.doc_keys is None:
            raise CardError(0x6982)
        if le != 8:
            raise CardError(0x6700)
        self.session = None
        self.rnd_icc = os.urandom(8)
        return self.rnd_icc

    def external_authenticate(self, data):
        if self.rnd_icc is None or self.doc_keys is None:
            raise CardError(0x6985)
        if len(data) != 40:
            raise CardError(0x6700)
        k_enc, k_mac = self.doc_keys
        e_ifd, m_ifd = data[:32], data[32:]
        rnd_icc, self.rnd_icc = self.rnd_icc, None
        if retail_mac(k_mac, e_ifd) != m_ifd:
            raise CardError(0x6300)
        s = tdes_dec(k_enc, e_ifd)
        rnd_ifd, echoed, k_ifd = s[:8], s[8:16], s[16:32]
        if echoed != rnd_icc:
            raise CardError(0x6300)
        k_icc = os.urandom(16)
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_icc))
        ssc = int.from_bytes(rnd_icc[4:] + rnd_ifd[4:], "big")
        self.session = (derive_key(seed, 1), derive_key(seed, 2), ssc)
        e_icc = tdes_enc(k_enc, rnd_icc + rnd_ifd + k_icc)
        return e_icc + retail_mac(k_mac, e_icc)


def main():
    parser = argparse.ArgumentParser(description="virtual JMRTD passport applet (TD1 BAC) for vpcd")
    parser.add_argument("-H", "--hostname", default="localhost")
    parser.add_argument("-P", "--port", type=int, default=35963)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    level = logging.INFO if args.verbose else logging.CRITICAL
    # vicc's loader builds an iso7816 card and connects to vpcd; the OS is then ours.
    vicc = VirtualICC(None, "iso7816", args.hostname, args.port, logginglevel=level)
    atr = vicc.os.getATR() if isinstance(vicc.os, Iso7816OS) else b""
    vicc.os = JmrtdAppletOS(atr)
    vicc.type = "jmrtd"
    try:
        vicc.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
