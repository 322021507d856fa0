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

// The public key operations on the wire (rules: publickeys.go).

type importPublicKeyIn struct {
	Name              *string           `json:"name"`
	PublicKeyMaterial *string           `json:"publicKeyMaterial"`
	Tags              map[string]string `json:"tags"`
}

type publicKeyResultOut struct {
	PublicKey publicKeyOut `json:"publicKey"`
}

type listPublicKeysOut struct {
	PublicKeys []publicKeyOut `json:"publicKeys"`
	NextToken  string         `json:"nextToken,omitempty"`
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

func handleImportPublicKey(b *backend, in *importPublicKeyIn) (any, error) {
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
	k, err := b.ImportPublicKey(deref(in.Name), *in.PublicKeyMaterial, key, fp, in.Tags)
	return publicKeyResultOut{PublicKey: k}, err
}

func handleGetPublicKey(b *backend, arn string) (any, error) {
	v, err := b.GetPublicKey(arn)
	return publicKeyResultOut{PublicKey: v}, err
}

func handleDeletePublicKey(b *backend, arn string) (any, error) {
	return emptyOut{}, b.DeletePublicKey(arn)
}

func handleListPublicKeys(b *backend, pr pageReq) any {
	list, next := b.ListPublicKeys(pr)
	return listPublicKeysOut{PublicKeys: list, NextToken: next}
}
