#!/usr/bin/env bash
# Regenerates the expected canonical forms of the corpus with libxml2:
# xmllint (Debian libxml2-utils) for the forms with comments, python3-lxml
# (libxml2's xmlC14NDocSaveTo) for those without comments and with an
# InclusiveNamespaces PrefixList. tests/xml_c14n.rs compares qoltanba's
# output with these files byte for byte (and with xmllint live when present).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p expected
for f in *.xml; do
  n=${f%.xml}
  xmllint --c14n "$f" > "expected/$n.c14n-comments"
  xmllint --c14n11 "$f" > "expected/$n.c14n11-comments"
  xmllint --exc-c14n "$f" > "expected/$n.exc-c14n-comments"
  /usr/bin/python3 - "$f" "$n" <<'PY'
import sys
from lxml import etree
f, n = sys.argv[1], sys.argv[2]
doc = etree.parse(f, etree.XMLParser(remove_blank_text=False, resolve_entities=False))
def w(suffix, data):
    open(f"expected/{n}.{suffix}", "wb").write(data)
w("c14n", etree.tostring(doc, method="c14n", with_comments=False))
w("exc-c14n", etree.tostring(doc, method="c14n", exclusive=True, with_comments=False))
w("exc-c14n-prefixes", etree.tostring(doc, method="c14n", exclusive=True, with_comments=False,
  inclusive_ns_prefixes=["soap", "unused", "b", "#default"]))
PY
done
