package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"strings"
)

type importPublicKeyIn struct {
	Name              *string           `json:"name"`
	PublicKeyMaterial *string           `json:"publicKeyMaterial"`
	Tags              map[string]string `json:"tags"`
}

type publicKeyOut struct {
	Arn               string            `json:"arn"`
	Name              string            `json:"name,omitempty"`
	PublicKeyMaterial string            `json:"publicKeyMaterial,omitempty"`
	Fingerprint       string            `json:"fingerprint,omitempty"`
	Tags              map[string]string `json:"tags"`
}

type publicKeyResultOut struct {
	PublicKey publicKeyOut `json:"publicKey"`
}

type listPublicKeysOut struct {
	PublicKeys []publicKeyOut `json:"publicKeys"`
	NextToken  string         `json:"nextToken,omitempty"`
}

func publicKeyToOut(k *publicKey, full bool) publicKeyOut {
	out := publicKeyOut{Arn: k.arn, Name: k.name, Tags: tagsOut(k.tags)}
	if full {
		out.PublicKeyMaterial = k.pem
		out.Fingerprint = k.fingerprint
	}
	return out
}

// parsePublicKey accepts a PEM "PUBLIC KEY" block holding an ECDSA P-384
// key, the only kind IVS takes for self-signed tokens, and returns it with
// its fingerprint (SHA-256 of the DER encoding, colon-separated hex).
func parsePublicKey(material string) (*ecdsa.PublicKey, string, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(material)))
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, "", validationError("publicKeyMaterial must be a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, "", validationError("publicKeyMaterial is not a valid public key: %v", err)
	}
	ec, ok := key.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P384() {
		return nil, "", validationError("publicKeyMaterial must be an ECDSA P-384 (secp384r1) public key")
	}
	sum := sha256.Sum256(block.Bytes)
	hexed := hex.EncodeToString(sum[:])
	parts := make([]string, 0, len(sum))
	for i := 0; i < len(hexed); i += 2 {
		parts = append(parts, hexed[i:i+2])
	}
	return ec, strings.Join(parts, ":"), nil
}

func (b *backend) ImportPublicKey(in *importPublicKeyIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	v.name("name", in.Name)
	if v.required("publicKeyMaterial", in.PublicKeyMaterial != nil) && !publicKeyPEMPattern.re.MatchString(*in.PublicKeyMaterial) {
		v.failHidden("publicKeyMaterial", "Member must satisfy regular expression pattern: "+publicKeyPEMPattern.text)
	}
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	key, fp, err := parsePublicKey(*in.PublicKeyMaterial)
	if err != nil {
		return nil, err
	}
	for _, k := range b.publicKeys.order {
		if k.fingerprint == fp {
			return nil, conflict("this public key is already imported as %s", k.arn)
		}
	}
	if b.publicKeys.len() >= maxPublicKeys {
		return nil, quotaExceeded("Public keys per region quota of %d exceeded; delete a public key first", maxPublicKeys)
	}
	id := b.newID()
	k := &publicKey{
		meta:        meta{id: id, seq: b.nextSeq()},
		tagged:      tagged{arn: b.arn(kindPublicKey, id), tags: cloneMap(in.Tags)},
		name:        deref(in.Name),
		pem:         *in.PublicKeyMaterial,
		fingerprint: fp,
		key:         key,
	}
	b.publicKeys.add(k)
	return publicKeyResultOut{PublicKey: publicKeyToOut(k, true)}, nil
}

func (b *backend) GetPublicKey(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	k, err := lookup(b.validator(), &b.publicKeys, "arn", in.Arn, kindPublicKey)
	if err != nil {
		return nil, err
	}
	return publicKeyResultOut{PublicKey: publicKeyToOut(k, true)}, nil
}

func (b *backend) DeletePublicKey(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	k, err := lookup(b.validator(), &b.publicKeys, "arn", in.Arn, kindPublicKey)
	if err != nil {
		return nil, err
	}
	b.publicKeys.remove(k.id)
	return emptyOut{}, nil
}

func (b *backend) ListPublicKeys(in *listIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	limit := v.maxResults(in.MaxResults, 50, maxPageSize)
	sc := scope("ListPublicKeys")
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	page, next := listPage(&b.pager, sc, b.publicKeys.order, after, limit, nil)
	out := listPublicKeysOut{PublicKeys: make([]publicKeyOut, 0, len(page)), NextToken: next}
	for _, k := range page {
		out.PublicKeys = append(out.PublicKeys, publicKeyToOut(k, false))
	}
	return out, nil
}
