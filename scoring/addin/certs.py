"""TLS for sideloading: Office loads add-ins over https only.

Made once into the data folder: a small local certificate authority (the one file a
user trusts) and a server certificate it signs for the host names in use. A new host
name only re-issues the server certificate, so nobody has to trust anything twice.
A department server should rather use a certificate from the office's own CA
(`scoring addin serve --cert … --key …`).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path

CA_CERT = "cchc-ca.pem"
CA_KEY = "cchc-ca-key.pem"
SERVER_CERT = "cchc-server.pem"
SERVER_KEY = "cchc-server-key.pem"
CA_DAYS = 3650
SERVER_DAYS = 397  # browsers refuse server certificates valid for longer


@dataclass(frozen=True)
class CertFiles:
    ca: Path  # the certificate to trust (Windows: "Trusted Root Certification Authorities")
    cert: Path
    key: Path
    created: bool


def default_hosts(extra: list[str] | None = None) -> list[str]:
    """localhost, the loopback addresses, this machine's name and any host asked for."""
    hosts = ["localhost", "127.0.0.1", "::1", socket.gethostname()]
    for host in extra or []:
        if host and host not in ("0.0.0.0", "::") and host not in hosts:
            hosts.append(host)
    return hosts


def ensure_certificates(folder: Path, hosts: list[str]) -> CertFiles:
    """The CA and a server certificate valid for every host, created or renewed as needed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    ca_cert_path, ca_key_path = folder / CA_CERT, folder / CA_KEY
    cert_path, key_path = folder / SERVER_CERT, folder / SERVER_KEY
    created = False
    if not (ca_cert_path.is_file() and ca_key_path.is_file()):
        ca_pem, ca_key_pem = _make_ca()
        _write_private(ca_key_path, ca_key_pem)
        _write(ca_cert_path, ca_pem, 0o644)
        created = True
    ca = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
    ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
    if created or not _server_cert_fits(cert_path, key_path, ca, hosts):
        cert_pem, key_pem = _make_server_cert(ca, ca_key, hosts)
        _write_private(key_path, key_pem)
        _write(cert_path, cert_pem, 0o644)
        created = True
    return CertFiles(ca_cert_path, cert_path, key_path, created)


def _write_private(path: Path, data: bytes) -> None:
    _write(path, data, 0o600)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write atomically, with the permissions set when the file is created (a private key
    is never readable by others, not even for a moment)."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _name(common_name: str):  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Chỉ số CCHC"),
    ])


def _make_ca() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"Chỉ số CCHC — CA nội bộ ({socket.gethostname()})")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(minutes=5))
        .not_valid_after(_now() + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def _alt_names(hosts: list[str]) -> list:
    from cryptography import x509

    out: list = []
    for host in hosts:
        try:
            out.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            out.append(x509.DNSName(host))
    return out


def _make_server_cert(ca, ca_key, hosts: list[str]) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID

    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(hosts[0])).issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(minutes=5))
        .not_valid_after(_now() + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName(_alt_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    # the chain (server, then CA) lets clients that have the CA verify without extra files
    chain = cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)
    return chain, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())


def _server_cert_fits(cert_path: Path, key_path: Path, ca, hosts: list[str]) -> bool:  # type: ignore[no-untyped-def]
    """True if the server certificate exists, was signed by this CA, is valid for a month
    more and names every host."""
    from cryptography import x509

    if not (cert_path.is_file() and key_path.is_file()):
        return False
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, x509.ExtensionNotFound):
        return False
    if cert.issuer != ca.subject or cert.not_valid_after_utc < _now() + dt.timedelta(days=30):
        return False
    have = {str(v) for v in names.get_values_for_type(x509.DNSName)}
    have |= {str(v) for v in names.get_values_for_type(x509.IPAddress)}
    want = {str(ipaddress.ip_address(h)) if _is_ip(h) else h for h in hosts}
    return want <= have


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
