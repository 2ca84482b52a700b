#!/usr/bin/env python3
"""Makes the XML malformed suite from the xmlsec1-signed vectors
(../../xml/xmlsec): the classic XML signature wrapping (XSW) attacks and
the refused constructs, each a file refused with its own reason code
(expectations.tsv; tests/xml_malformed.rs). Standard library only;
`--check` verifies the committed files."""
import pathlib, sys

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE.parent.parent / "xml" / "xmlsec"
soap = (SRC / "soap-rsa.xml").read_text(encoding="utf-8")
start = soap.index("<soap:Body")
end = soap.index("</soap:Body>") + len("</soap:Body>")
body = soap[start:end]
header_end = soap.index("</soap:Header>")
# xmlsec1 writes the Body's Kazakh text as character references.
TEXT = "&#x421;&#x4D9;&#x43B;&#x435;&#x43C;, &#x4D9;&#x43B;&#x435;&#x43C;"
assert TEXT in body

def wrap_and_replace(new_body):
    wrapped = soap[:header_end] + '<w:Wrapper xmlns:w="urn:wrapper">' + body + "</w:Wrapper>" + soap[header_end:start] + new_body + soap[end:]
    return wrapped

files = {
    # XSW 1: the signed Body moved into a wrapper in the Header, an
    # unsigned Body in its place.
    "xsw-moved-body.xml": wrap_and_replace('<soap:Body><m:Evil xmlns:m="urn:evil">transfer 1000000</m:Evil></soap:Body>'),
    # XSW 2: the same with the new Body carrying the signed Body's Id.
    "xsw-duplicate-id.xml": wrap_and_replace('<soap:Body wsu:Id="body"><m:Evil xmlns:m="urn:evil">transfer 1000000</m:Evil></soap:Body>'),
    # XSW 3: a valid signature over the Timestamp in the Header only.
    "xsw-header-only.xml": (SRC / "xsw-header-only.xml").read_text(encoding="utf-8"),
    # Comment injection: a comment inside signed text (exclusive C14N
    # without comments digests the text as if it were not there).
    "xsw-comment-injection.xml": soap.replace(TEXT, TEXT.replace(", ", "<!---->, ")),
    # No DTD is ever processed.
    "doctype-entities.xml": '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "x">]>\n' + soap.split("?>", 1)[1].lstrip(),
    # An XPath transform (fail closed).
    "xpath-transform.xml": soap.replace(
        '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
        '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::soap:Header)</ds:XPath></ds:Transform>', 1),
    # A reference to another document.
    "external-uri.xml": soap.replace('URI="#body"', 'URI="http://example.invalid/body.xml"', 1),
    # A Manifest inside an Object.
    "manifest.xml": soap.replace("</ds:KeyInfo>", '</ds:KeyInfo><ds:Object><ds:Manifest><ds:Reference URI="#body"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:Manifest></ds:Object>', 1),
    # The signed Body changed after signing.
    "body-changed.xml": soap.replace(TEXT, TEXT + "!"),
    # A reference to an Id nothing carries.
    "dangling-reference.xml": soap.replace('URI="#body"', 'URI="#nobody"', 1),
    # Two Bodies in the Envelope (the second unsigned).
    "two-bodies.xml": soap[:end] + '<soap:Body><m:Evil xmlns:m="urn:evil"/></soap:Body>' + soap[end:],
    # No Signature at all.
    "no-signature.xml": '<?xml version="1.0"?>\n<doc>unsigned</doc>\n',
}

check = "--check" in sys.argv
bad = 0
for name, text in files.items():
    path = HERE / name
    data = text.encode("utf-8")
    if check:
        if not path.exists() or path.read_bytes() != data:
            print(f"{name} differs from what generate.py makes", file=sys.stderr)
            bad += 1
    else:
        path.write_bytes(data)
sys.exit(1 if bad else 0)
