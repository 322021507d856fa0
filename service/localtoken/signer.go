// Package localtoken mints IVS Real-Time participant tokens locally, signed
// with the customer's own ECDSA P-384 key whose public half was imported with
// ImportPublicKey. Minting costs no API call, so it uses none of the
// CreateParticipantToken quota that the production backend shares.
package localtoken

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Signer holds a private key and the ARN of its imported public key; the ARN
// goes into every token's `kid` header so IVS knows which key to verify with.
type Signer struct {
	key          *ecdsa.PrivateKey
	publicKeyARN string
}

// NewSigner makes a Signer from a P-384 private key and the ARN under which
// its public key was imported.
func NewSigner(key *ecdsa.PrivateKey, publicKeyARN string) (*Signer, error) {
	if key == nil {
		return nil, errors.New("localtoken: no private key given")
	}
	if err := checkCurve(key); err != nil {
		return nil, err
	}
	if err := checkPublicKeyARN(publicKeyARN); err != nil {
		return nil, err
	}
	return &Signer{key: key, publicKeyARN: publicKeyARN}, nil
}

// LoadSigner reads a PEM private key (SEC1 "EC PRIVATE KEY" or PKCS#8
// "PRIVATE KEY", as openssl writes them) and pairs it with the ARN of its
// imported public key.
func LoadSigner(privateKeyPEMPath, publicKeyARN string) (*Signer, error) {
	// The ARN is checked first: it is the cheaper mistake to report.
	if err := checkPublicKeyARN(publicKeyARN); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(privateKeyPEMPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("localtoken: private key file %q does not exist", privateKeyPEMPath)
		}
		return nil, fmt.Errorf("localtoken: reading private key file: %w", err)
	}
	key, err := parsePrivateKeyPEM(data)
	if err != nil {
		return nil, fmt.Errorf("localtoken: %s: %w", privateKeyPEMPath, err)
	}
	return NewSigner(key, publicKeyARN)
}

// PublicKeyARN is the ARN put in the tokens' `kid` header.
func (s *Signer) PublicKeyARN() string { return s.publicKeyARN }

// PublicKeyPEM is the public half of the signing key as a "PUBLIC KEY" PEM
// block: the material ImportPublicKey takes.
func (s *Signer) PublicKeyPEM() ([]byte, error) {
	return marshalPublicKeyPEM(&s.key.PublicKey)
}

// parsePrivateKeyPEM finds the private key among the PEM blocks; openssl's
// `ecparam -genkey` writes an "EC PARAMETERS" block before it, so blocks
// other than keys are skipped. Errors never quote the key material.
func parsePrivateKeyPEM(data []byte) (*ecdsa.PrivateKey, error) {
	rest := data
	sawPEM := false
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		sawPEM = true
		switch block.Type {
		case "EC PARAMETERS":
			continue
		case "EC PRIVATE KEY":
			key, err := x509.ParseECPrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("not a readable EC private key (SEC1): %w", err)
			}
			return key, checkCurve(key)
		case "PRIVATE KEY":
			parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("not a readable PKCS#8 private key: %w", err)
			}
			key, ok := parsed.(*ecdsa.PrivateKey)
			if !ok {
				return nil, fmt.Errorf("is not an ECDSA key (it is %s); IVS needs an ECDSA P-384 key", keyKind(parsed))
			}
			return key, checkCurve(key)
		case "ENCRYPTED PRIVATE KEY":
			return nil, errors.New("the private key is encrypted; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)")
		case "PUBLIC KEY", "EC PUBLIC KEY":
			return nil, errors.New("holds a public key; give the private key (the public one is what ImportPublicKey takes)")
		case "RSA PRIVATE KEY":
			return nil, errors.New("is an RSA private key; IVS needs an ECDSA P-384 key")
		default:
			return nil, fmt.Errorf("holds a %q PEM block, not a private key", block.Type)
		}
	}
	if !sawPEM {
		return nil, errors.New("is not a PEM file (expected -----BEGIN EC PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----)")
	}
	return nil, errors.New("has no private key block")
}

// checkCurve refuses keys of any curve but P-384, naming the curve found:
// "P-256" tells the user exactly which openssl flag was wrong.
func checkCurve(key *ecdsa.PrivateKey) error {
	if key.Curve == nil {
		return errors.New("localtoken: the private key has no curve")
	}
	if key.Curve != elliptic.P384() {
		return fmt.Errorf("localtoken: the key is on curve %s; IVS needs ECDSA P-384 (openssl ecparam -name secp384r1 -genkey)", key.Curve.Params().Name)
	}
	return nil
}

func keyKind(key any) string {
	switch key.(type) {
	case *rsa.PrivateKey:
		return "RSA"
	case ed25519.PrivateKey:
		return "Ed25519"
	case *ecdh.PrivateKey:
		return "X25519"
	default:
		return fmt.Sprintf("%T", key)
	}
}
