"""Which addresses `bantin fetch` may request, decided before any byte is sent.

Only http and https: a `file:` address in a feed would read this computer's files. An address that
resolves to a private, loopback or link-local network is refused unless the user named its host: a
starting address on it, or `--allow-host` (a feed on the public web must not make bantin probe the
office network or a cloud's metadata service, e.g. by a redirect to 169.254.169.254; and a portal on
the office network must not lead bantin to the next machine). Starting on a local server is how the
tests run. Images come from the article's own site (its registrable domain, from
the public suffix list bundled with `tld`: never downloaded at run time) or from hosts the user names.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import FetchRefused
from ..i18n import _

SCHEMES = ("http", "https")
#: `socket.getaddrinfo`, or a stand-in for tests.
Resolver = Callable[[str], list[str]]


def resolve(host: str) -> list[str]:
    """Every address `host` resolves to (empty when it does not)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError):
        return []


def is_private_address(address: str) -> bool:
    """Loopback, private, link-local, shared, reserved, multicast or unspecified: not the public Internet."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return True  # not an address we can judge: treat as private
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def site_of(url: str) -> str:
    """The registrable domain of `url` (`backan.gov.vn` for `bachthong.backan.gov.vn`); the host itself for
    an IP address, `localhost` or a name outside the public suffix list."""
    from tld import get_fld

    host = host_of(url)
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    return get_fld(f"http://{host}", fail_silently=True) or host


def scheme_problem(url: str) -> str | None:
    """Why an address is not one bantin requests (another scheme, no host), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        return _("refused: only http and https addresses are fetched")
    if not parts.hostname:
        return _("refused: the address has no host")
    return None


@dataclass(frozen=True)
class UrlPolicy:
    """What one run may request: `named_hosts`, the hosts of the starting addresses and of --allow-host,
    may be on a private network; `allowed_hosts` (and their subdomains) besides each article's own site
    for images."""

    named_hosts: frozenset[str] = frozenset()
    allowed_hosts: frozenset[str] = frozenset()
    resolver: Resolver = field(default=resolve, compare=False)

    @classmethod
    def starting_at(cls, urls: Iterable[str], allowed_hosts: Iterable[str] = (),
                    resolver: Resolver = resolve) -> UrlPolicy:
        """The policy of a run that starts at `urls` and takes images from `allowed_hosts` too."""
        allowed = frozenset(h.lower().strip(".") for h in allowed_hosts)
        return cls(frozenset(host_of(u) for u in urls if scheme_problem(u) is None) | allowed, allowed, resolver)

    def check(self, url: str) -> None:
        """Raise `FetchRefused` if `url` must not be requested."""
        if (problem := scheme_problem(url)) is not None:
            raise FetchRefused(url, problem)
        host = host_of(url)
        if host not in self.named_hosts and _resolves_private(host, self.resolver):
            raise FetchRefused(url, _("refused: the address leads to a private, loopback or link-local network"))

    def check_image(self, image_url: str, article_url: str) -> None:
        """Raise `FetchRefused` unless the image is on the article's site or a host given with --allow-host."""
        host = host_of(image_url)
        if site_of(image_url) != site_of(article_url) and not any(
                host == allowed or host.endswith(f".{allowed}") for allowed in self.allowed_hosts):
            raise FetchRefused(image_url, _("refused: image on another site ({host}); allow it with --allow-host "
                                            "{host}").format(host=host))
        self.check(image_url)


def _resolves_private(host: str, resolver: Resolver) -> bool:
    """True when any address of `host` is private (a name that resolves to nothing fails later, when requested)."""
    literal = host.strip("[]")
    try:
        return is_private_address(str(ipaddress.ip_address(literal)))
    except ValueError:
        pass
    addresses = resolver(literal)
    return any(is_private_address(a) for a in addresses)
