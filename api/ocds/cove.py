"""Runs libcoveocds on one OCDS package offline, against a local copy of the OCDS 1.1.5 schema.

Usage: python cove.py --schema-dir DIR PACKAGE.json  (prints libcoveocds's API result as JSON)

libcoveocds reads the standard's schema and codelists from a ZIP of the standard repository (its
`standard_zip` setting, the CLI's --standard-zip); this script builds that ZIP from DIR, laid out as the
standard's 1__1__5 tag (schema/*.json, schema/codelists/*.csv), and offers only OCDS 1.1 as a version.

Nothing goes to the network. The standard's own schema URLs (https://standard.open-contracting.org/schema/
1__1__5/..., which the record package schema refers to) are answered from DIR; every other request, and any
socket, is refused, and each refused URL or host is listed in the result under "offline.refused". Whatever
libcoveocds would have fetched is therefore not checked, and it says so in its own result: an extension it cannot fetch is listed in
`extensions.invalid_extensions` ("fetching failed") and its schema patch is not applied, so fields the
extension defines are validated by the core schema only (reported as additional fields, never as errors).
"""

import argparse
import json
import os
import socket
import sys
import tempfile
import zipfile

TAG = "1__1__5"


def offline(schema_dir, refused):
    """Serves the standard's schema URLs from schema_dir; refuses every other request, and any socket."""
    import requests
    from requests.adapters import HTTPAdapter
    from requests.models import Response

    # The record package schema refers to the versioned release schema by URL; jsonref fetches it with requests.
    prefixes = [f"{scheme}://standard.open-contracting.org/schema/{TAG}/" for scheme in ("https", "http")]
    root = os.path.realpath(schema_dir)

    def send(self, request, **kwargs):
        url = request.url
        for prefix in prefixes:
            if url.startswith(prefix):
                path = os.path.realpath(os.path.join(root, *url[len(prefix):].split("/")))
                if path.startswith(root + os.sep) and os.path.isfile(path):
                    response = Response()
                    response.status_code = 200
                    response.url = url
                    response.request = request
                    response.encoding = "utf-8"
                    response.headers["Content-Type"] = "application/json"
                    with open(path, "rb") as f:
                        response._content = f.read()
                    return response
        refused.append(url)
        raise requests.ConnectionError(f"network disabled for offline validation: {url}", request=request)

    HTTPAdapter.send = send

    def lookup(host, *args, **kwargs):
        refused.append(str(host))
        raise socket.gaierror(socket.EAI_NONAME, f"network disabled for offline validation ({host})")

    def connect(self, address):
        refused.append(str(address))
        raise OSError("network disabled for offline validation")

    # Anything that does not go through requests meets a closed socket.
    socket.getaddrinfo = lookup
    socket.socket.connect = connect
    socket.socket.connect_ex = connect


def standard_zip(schema_dir, into):
    """The ZIP libcoveocds expects: a top folder, then schema/ as in the standard's repository at TAG."""
    path = os.path.join(into, f"standard-{TAG}.zip")
    top = f"standard-{TAG}/"
    with zipfile.ZipFile(path, "w") as z:
        # ocdsextensionregistry takes the first entry as the top folder.
        z.writestr(top, "")
        for root, dirs, files in os.walk(schema_dir):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith((".json", ".csv")):
                    continue
                full = os.path.join(root, name)
                z.write(full, top + "schema/" + os.path.relpath(full, schema_dir).replace(os.sep, "/"))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema-dir", required=True, help="folder with the OCDS 1.1.5 schemas and codelists/")
    parser.add_argument("package", help="release or record package (JSON)")
    args = parser.parse_args()

    refused = []
    offline(os.path.abspath(args.schema_dir), refused)

    # Imported after the network is refused, in case anything fetches at import time.
    import libcoveocds.api
    from libcoveocds.config import LibCoveOCDSConfig

    with tempfile.TemporaryDirectory(prefix="prasasti-cove-") as work:
        config = LibCoveOCDSConfig()
        config.config["standard_zip"] = "file://" + standard_zip(os.path.abspath(args.schema_dir), work)
        config.config["schema_version_choices"] = {"1.1": ("1.1", "https://standard.open-contracting.org/1.1/en/", TAG)}
        config.config["schema_version"] = "1.1"
        config.config["context"] = "api"
        result = libcoveocds.api.ocds_json_output(work, args.package, None, convert=False, lib_cove_ocds_config=config)

    result["offline"] = {"standard": f"{TAG} from {os.path.abspath(args.schema_dir)}", "refused": sorted(set(refused))}
    json.dump(result, sys.stdout, default=lambda o: sorted(o) if isinstance(o, set) else str(o), ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
