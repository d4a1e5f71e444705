#!/usr/bin/env python3
"""Makes the signed-PDF fixtures of policy::signature (policy/src/signature/tests.rs and
tests/signature_e2e.rs), with a test CA and a real PDF signer, pyHanko (pip install pyhanko).

Run once, commit the output: python3 policy/tests/signatures/make.py
    root.pem            the test root CA: the trust anchor of the tests
    unsigned.pdf        a one-page document, no signature
    valid.pdf           signed by a person (PAdES, ETSI.CAdES.detached, RSA 2048 / SHA-256)
    two.pdf             signed by the person, then by the agency (adbe.pkcs7.detached, an
                        incremental update: ND 30's two signatures)
    ecdsa.pdf           signed with a P-256 key (adbe.pkcs7.detached)
    tampered.pdf        valid.pdf with one signed byte changed (the document number)
    appended.pdf        valid.pdf with an incremental update appended after the signature
    untrusted.pdf       signed by a certificate of another root (not an anchor)
    expired.pdf         signed with a certificate that expired in 2018
    keyusage.pdf        signed with a key whose certificate allows only key encipherment

With --big OUT it instead writes a signed PDF of about 2 MB to OUT and its (new) root CA to
OUT.root.pem, for the benchmark `cargo bench -p policy --bench signature -- OUT`.
"""

import datetime
import io
import os
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc
# Keys are generated each run; the fixtures only need to agree with root.pem.


def name(cn, org=None, bmp=False):
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        kind = x509.name._ASN1Type.BMPString if bmp else x509.name._ASN1Type.UTF8String
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org, _type=kind))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def cert(subject, key, issuer_name, issuer_key, ca, not_before, not_after, sign=True):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        b = b.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        # digitalSignature + nonRepudiation; or keyEncipherment only (a key not for signing).
        usage = (True, True, False) if sign else (False, False, True)
        b = b.add_extension(
            x509.KeyUsage(*usage, False, False, False, False, False, False), critical=True
        )
    return b.sign(issuer_key, hashes.SHA256())


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem_files(tmp, label, key, chain):
    key_path = os.path.join(tmp, label + ".key")
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    paths = []
    for i, c in enumerate(chain):
        p = os.path.join(tmp, f"{label}.{i}.pem")
        with open(p, "wb") as f:
            f.write(c.public_bytes(serialization.Encoding.PEM))
        paths.append(p)
    return key_path, paths


def signer(tmp, label, key, chain):
    key_path, paths = pem_files(tmp, label, key, chain)
    return signers.SimpleSigner.load(key_path, paths[0], ca_chain_files=paths[1:])


def document(filler=b""):
    """A one-page PDF with a text layer (the header of an official document), written by
    hand with a correct cross-reference table."""
    text = "Số: 123/QĐ-UBND".encode("utf-16-be")
    content = b"BT /F1 12 Tf 72 720 Td <FEFF" + text.hex().upper().encode() + b"> Tj ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if filler:
        objects.append(b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def sign(pdf, who, field, subfilter=SigSeedSubFilter.PADES):
    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = PdfSignatureMetadata(field_name=field, subfilter=subfilter)
    out = signers.sign_pdf(w, meta, signer=who, bytes_reserved=8192)
    return out.getvalue()


def main():
    now = datetime.datetime.now(UTC)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=UTC)
    far = datetime.datetime(2045, 1, 1, tzinfo=UTC)

    root_key = rsa_key()
    root_name = name("Test Root CA (govmail)", "govmail tests")
    root = cert(root_name, root_key, root_name, root_key, True, long_ago, far)
    sub_key = rsa_key()
    sub_name = name("Test Sub CA (govmail)", "govmail tests")
    sub = cert(sub_name, sub_key, root_name, root_key, True, long_ago, far)

    ubnd = "Ủy ban nhân dân tỉnh Quảng Ngãi"
    person_key = rsa_key()
    person = cert(name("Nguyễn Văn An", ubnd), person_key, sub_name, sub_key, False, long_ago, far)
    agency_key = rsa_key()
    # The agency's organisation as a BMPString, as some CAs still write it.
    agency = cert(name(ubnd, ubnd, bmp=True), agency_key, sub_name, sub_key, False, long_ago, far)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_cert = cert(name("Trần Thị Bình", ubnd), ec_key, root_name, root_key, False, long_ago, far)
    old_key = rsa_key()
    old = cert(name("Lê Văn Cũ", ubnd), old_key, sub_name, sub_key, False,
               datetime.datetime(2015, 1, 1, tzinfo=UTC), datetime.datetime(2018, 1, 1, tzinfo=UTC))
    enc_key = rsa_key()
    enc = cert(name("Phạm Văn Mã", ubnd), enc_key, sub_name, sub_key, False, long_ago, far, sign=False)
    rogue_key = rsa_key()
    rogue_name = name("Rogue Root CA", "Not a government")
    rogue = cert(rogue_name, rogue_key, rogue_name, rogue_key, True, long_ago, far)
    impostor_key = rsa_key()
    impostor = cert(name("Nguyễn Văn An", ubnd), impostor_key, rogue_name, rogue_key, False, long_ago, far)

    with tempfile.TemporaryDirectory() as tmp:
        as_person = signer(tmp, "person", person_key, [person, sub])
        if len(sys.argv) == 3 and sys.argv[1] == "--big":
            # About 2 MB: incompressible filler in a stream, as a scan's image would be.
            big = sign(document(os.urandom(2 * 1024 * 1024).hex().encode()[: 2 * 1024 * 1024]),
                       as_person, "Sig1")
            with open(sys.argv[2], "wb") as f:
                f.write(big)
            # Keys are new each run: the bench trusts the root written beside the file.
            with open(sys.argv[2] + ".root.pem", "wb") as f:
                f.write(root.public_bytes(serialization.Encoding.PEM))
            print(f"{sys.argv[2]}: {len(big)} bytes; its root CA: {sys.argv[2]}.root.pem")
            return
        as_agency = signer(tmp, "agency", agency_key, [agency, sub])
        as_ec = signer(tmp, "ec", ec_key, [ec_cert])
        as_old = signer(tmp, "old", old_key, [old, sub])
        as_enc = signer(tmp, "enc", enc_key, [enc, sub])
        as_impostor = signer(tmp, "impostor", impostor_key, [impostor, rogue])

        unsigned = document()
        valid = sign(unsigned, as_person, "Sig1")
        two = sign(sign(unsigned, as_person, "Sig1"), as_agency, "Sig2", SigSeedSubFilter.ADOBE_PKCS7_DETACHED)
        ecdsa = sign(unsigned, as_ec, "Sig1", SigSeedSubFilter.ADOBE_PKCS7_DETACHED)
        # One signed byte changed: the document number 123 becomes 124 (in the UTF-16 hex).
        at = valid.index(b"0031003200330")
        tampered = valid[:at] + b"0031003200340" + valid[at + 13:]
        assert len(tampered) == len(valid)
        # An incremental update after the signature (ISO 32000-1 §7.5.6): a new version of
        # the page's content, which no signature covers.
        startxref = valid.rindex(b"startxref")
        prev = int(valid[startxref + 9:].split()[0])
        new_content = b"BT /F1 12 Tf 72 720 Td (So: 999/QD-UBND) Tj ET\n"
        obj_at = len(valid)
        update = b"4 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n" % (len(new_content), new_content)
        xref_at = obj_at + len(update)
        update += b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size 9 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            obj_at, prev, xref_at)
        appended = valid + update
        untrusted = sign(unsigned, as_impostor, "Sig1")
        expired = sign(unsigned, as_old, "Sig1")
        not_for_signing = sign(unsigned, as_enc, "Sig1")

    out = {
        "root.pem": root.public_bytes(serialization.Encoding.PEM),
        "unsigned.pdf": unsigned,
        "valid.pdf": valid,
        "two.pdf": two,
        "ecdsa.pdf": ecdsa,
        "tampered.pdf": tampered,
        "appended.pdf": appended,
        "untrusted.pdf": untrusted,
        "expired.pdf": expired,
        "keyusage.pdf": not_for_signing,
    }
    for file, data in out.items():
        with open(os.path.join(HERE, file), "wb") as f:
            f.write(data)
        print(f"{file}: {len(data)} bytes")


if __name__ == "__main__":
    main()
