#!/usr/bin/env python3
"""The Python side of bench/crypto.sh: the same ticket-push work as `wxopen-bench crypto`
(envelope XML, msg_signature, timestamp window, base64, AES-CBC, padding, length and appid
checks, plaintext XML, a typed push), with `cryptography` for AES and the standard library for
the rest, on one thread. Prints python_ops_per_sec=N."""

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import struct
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


@dataclass(frozen=True)
class VerifyTicketPush:
    app_id: str
    create_time: int
    ticket: str


class Rejected(Exception):
    pass


class MessageCrypto:
    def __init__(self, token, encoding_aes_key, app_id, window=300):
        self.token = token
        self.key = base64.b64decode(encoding_aes_key + "=")
        self.iv = self.key[:16]
        self.app_id = app_id.encode()
        self.window = window

    def verify_and_decrypt(self, msg_signature, timestamp, nonce, encrypt, now):
        # Python sorts str by code point, which is UTF-8 byte order.
        parts = sorted([self.token, timestamp, nonce, encrypt])
        expected = hashlib.sha1("".join(parts).encode()).hexdigest()
        if not hmac.compare_digest(expected, msg_signature):
            raise Rejected("bad-signature")
        if not timestamp.isdigit() or abs(int(timestamp) - now) > self.window:
            raise Rejected("stale-timestamp")
        try:
            ciphertext = base64.b64decode(encrypt, validate=True)
        except binascii.Error:
            raise Rejected("bad-base64")
        if not ciphertext or len(ciphertext) % 16:
            raise Rejected("bad-length")
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.iv)).decryptor()
        plain = decryptor.update(ciphertext) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= 32 or pad > len(plain) or plain[-pad:] != bytes((pad,)) * pad:
            raise Rejected("bad-padding")
        content = plain[:-pad]
        if len(content) < 20:
            raise Rejected("bad-length")
        (length,) = struct.unpack(">I", content[16:20])
        if length > len(content) - 20:
            raise Rejected("bad-length")
        try:
            message = content[20 : 20 + length].decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected("bad-length")
        if content[20 + length :] != self.app_id:
            raise Rejected("appid-mismatch")
        return message


def parse_push(xml_text):
    root = ET.fromstring(xml_text)
    if root.tag != "xml":
        raise Rejected("bad-root")
    fields = {child.tag: child.text or "" for child in root if len(child) == 0}
    if fields.get("InfoType") == "component_verify_ticket":
        ticket = fields.get("ComponentVerifyTicket")
        if not fields.get("AppId") or not ticket:
            raise Rejected("missing-field")
        return VerifyTicketPush(fields["AppId"], int(fields["CreateTime"]), ticket)
    raise Rejected("unexpected-push")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--vectors", default=os.path.join(here, "..", "Tests", "Fixtures", "message-crypto.json"))
    args = parser.parse_args()

    with open(args.vectors, encoding="utf-8") as file:
        vector = next(v for v in json.load(file)["vectors"] if v["name"] == "ticket-push")
    crypto = MessageCrypto(vector["token"], vector["encodingAESKey"], vector["appId"])
    body = vector["body"].encode()
    signature, timestamp, nonce = vector["msg_signature"], vector["timestamp"], vector["nonce"]
    now = int(timestamp)

    def handle():
        envelope = ET.fromstring(body)
        encrypt = envelope.findtext("Encrypt")
        if envelope.tag != "xml" or not encrypt:
            raise Rejected("bad-xml")
        plaintext = crypto.verify_and_decrypt(signature, timestamp, nonce, encrypt, now)
        return parse_push(plaintext)

    expected = VerifyTicketPush(vector["appId"], now, "ticket@@@sample-0001")
    if handle() != expected:
        raise SystemExit("crypto_python: the ticket-push vector did not decode to the expected push")

    def run(seconds):
        operations = 0
        start = time.perf_counter()
        deadline = start + seconds
        while time.perf_counter() < deadline:
            for _ in range(64):
                handle()
                operations += 1
        return operations, time.perf_counter() - start

    run(min(0.3, args.seconds / 10))
    operations, elapsed = run(args.seconds)
    print(f"python_ops_per_sec={round(operations / elapsed)}")


if __name__ == "__main__":
    main()
