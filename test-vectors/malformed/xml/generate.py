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

# The signature wrapping attacks again in a SOAP 1.2 Envelope
# (http://www.w3.org/2003/05/soap-envelope; soap12-rsa.xml, signed by
# xmlsec1 like soap-rsa.xml): the same refusals hold.
soap12 = (SRC / "soap12-rsa.xml").read_text(encoding="utf-8")
assert "http://www.w3.org/2003/05/soap-envelope" in soap12
s12 = soap12.index("<soap:Body")
e12 = soap12.index("</soap:Body>") + len("</soap:Body>")
body12 = soap12[s12:e12]
h12 = soap12.index("</soap:Header>")
assert TEXT in body12

def wrap_and_replace12(new_body):
    return soap12[:h12] + '<w:Wrapper xmlns:w="urn:wrapper">' + body12 + "</w:Wrapper>" + soap12[h12:s12] + new_body + soap12[e12:]

files.update({
    "xsw-moved-body-soap12.xml": wrap_and_replace12('<soap:Body><m:Evil xmlns:m="urn:evil">transfer 1000000</m:Evil></soap:Body>'),
    "xsw-duplicate-id-soap12.xml": wrap_and_replace12('<soap:Body wsu:Id="body"><m:Evil xmlns:m="urn:evil">transfer 1000000</m:Evil></soap:Body>'),
    "xsw-header-only-soap12.xml": (SRC / "xsw-header-only-soap12.xml").read_text(encoding="utf-8"),
    "xsw-comment-injection-soap12.xml": soap12.replace(TEXT, TEXT.replace(", ", "<!---->, ")),
    "body-changed-soap12.xml": soap12.replace(TEXT, TEXT + "!"),
    "two-bodies-soap12.xml": soap12[:e12] + '<soap:Body><m:Evil xmlns:m="urn:evil"/></soap:Body>' + soap12[e12:],
    # A SOAP 1.1 Body inside a SOAP 1.2 Envelope's Header: still a Body
    # out of its place.
    "xsw-soap11-body-in-soap12.xml": soap12[:h12] + '<w:Wrapper xmlns:w="urn:wrapper"><s11:Body xmlns:s11="http://schemas.xmlsoap.org/soap/envelope/"/></w:Wrapper>' + soap12[h12:],
})

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
