"""A local stand-in for the Bot Framework's OpenID metadata and signing keys, plus a token minter.
botbuilder fetches the metadata with a blocking `requests.get`, so this serves from a thread."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"


class SigningAuthority:
    """Publishes one RSA key (endorsed for msteams) and signs tokens with it, or with a key it never published."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        self.jwks = {"keys": [{**jwk, "kid": "test-key", "use": "sig", "endorsements": ["msteams"]}]}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/openid-configuration"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        authority = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                port = authority.server.server_address[1]
                body = ({"issuer": ISSUER, "jwks_uri": f"http://127.0.0.1:{port}/keys"}
                        if self.path.startswith("/openid") else authority.jwks)
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None
        return Handler

    def token(self, app_id: str, service_url: str, *, signed_by_stranger: bool = False, **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": app_id, "serviceurl": service_url, "iat": now, "nbf": now - 5,
                   "exp": now + 600, **claims}
        key = self.stranger if signed_by_stranger else self.key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "test-key"})

    def __enter__(self) -> SigningAuthority:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
