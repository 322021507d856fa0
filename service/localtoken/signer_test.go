package localtoken

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testKeyARN = "arn:aws:ivs:us-east-1:123456789012:public-key/abcDEF123456"

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func newKey(t testing.TB, c elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sec1PEM(t *testing.T, k *ecdsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
}

func pkcs8PEM(t *testing.T, k any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// loadsTheSameKey checks that the loaded signer holds exactly key k.
func loadsTheSameKey(t *testing.T, path string, k *ecdsa.PrivateKey) {
	t.Helper()
	s, err := LoadSigner(path, testKeyARN)
	if err != nil {
		t.Fatalf("LoadSigner: %v", err)
	}
	if !s.key.Equal(k) {
		t.Fatal("loaded key differs from the one written")
	}
	if s.PublicKeyARN() != testKeyARN {
		t.Fatalf("PublicKeyARN = %q", s.PublicKeyARN())
	}
}

func TestLoadSignerSEC1(t *testing.T) {
	k := newKey(t, elliptic.P384())
	loadsTheSameKey(t, writeFile(t, "sec1.pem", sec1PEM(t, k)), k)
}

func TestLoadSignerPKCS8(t *testing.T) {
	k := newKey(t, elliptic.P384())
	loadsTheSameKey(t, writeFile(t, "pkcs8.pem", pkcs8PEM(t, k)), k)
}

func TestLoadSignerSkipsECParameters(t *testing.T) {
	// openssl ecparam -genkey writes the curve parameters before the key.
	k := newKey(t, elliptic.P384())
	params := pem.EncodeToMemory(&pem.Block{Type: "EC PARAMETERS", Bytes: []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22}})
	loadsTheSameKey(t, writeFile(t, "ecparam.pem", append(params, sec1PEM(t, k)...)), k)
}

func TestLoadSignerGeneratedPair(t *testing.T) {
	priv, pub, err := GenerateKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadSigner(writeFile(t, "gen.pem", priv), testKeyARN)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.PublicKeyPEM()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(pub) {
		t.Fatalf("public key of the loaded signer differs from the generated one:\n%s\n%s", got, pub)
	}
	block, _ := pem.Decode(pub)
	if block == nil || block.Type != "PUBLIC KEY" {
		t.Fatalf("public PEM block = %+v", block)
	}
	parsed, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if ek, ok := parsed.(*ecdsa.PublicKey); !ok || ek.Curve != elliptic.P384() {
		t.Fatalf("generated public key is %T, want ECDSA P-384", parsed)
	}
}

func TestLoadSignerErrors(t *testing.T) {
	p256 := newKey(t, elliptic.P256())
	p521 := newKey(t, elliptic.P521())
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, pub, err := GenerateKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	p384 := newKey(t, elliptic.P384())
	goodPath := writeFile(t, "good.pem", sec1PEM(t, p384))

	cases := []struct {
		name, path, arn, want string
	}{
		{"missing file", filepath.Join(t.TempDir(), "nope.pem"), testKeyARN, "does not exist"},
		{"not PEM", writeFile(t, "junk.pem", []byte("hello, not a key")), testKeyARN, "is not a PEM file"},
		{"empty file", writeFile(t, "empty.pem", nil), testKeyARN, "is not a PEM file"},
		{"P-256 SEC1", writeFile(t, "p256.pem", sec1PEM(t, p256)), testKeyARN, "curve P-256; IVS needs ECDSA P-384"},
		{"P-256 PKCS8", writeFile(t, "p256-8.pem", pkcs8PEM(t, p256)), testKeyARN, "curve P-256; IVS needs ECDSA P-384"},
		{"P-521", writeFile(t, "p521.pem", sec1PEM(t, p521)), testKeyARN, "curve P-521"},
		{"RSA PKCS8", writeFile(t, "rsa.pem", pkcs8PEM(t, rsaKey)), testKeyARN, "is not an ECDSA key (it is RSA)"},
		{"RSA PKCS1", writeFile(t, "rsa1.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)})), testKeyARN, "is an RSA private key"},
		{"Ed25519", writeFile(t, "ed.pem", pkcs8PEM(t, edKey)), testKeyARN, "is not an ECDSA key (it is Ed25519)"},
		{"public key", writeFile(t, "pub.pem", pub), testKeyARN, "holds a public key"},
		{"encrypted", writeFile(t, "enc.pem", pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1, 2, 3}})), testKeyARN, "encrypted"},
		{"corrupt SEC1", writeFile(t, "bad.pem", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: []byte{1, 2, 3}})), testKeyARN, "not a readable EC private key"},
		{"certificate", writeFile(t, "cert.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}})), testKeyARN, `"CERTIFICATE" PEM block`},
		{"only parameters", writeFile(t, "params.pem", pem.EncodeToMemory(&pem.Block{Type: "EC PARAMETERS", Bytes: []byte{1}})), testKeyARN, "has no private key block"},
		{"empty ARN", goodPath, "", "no public key ARN"},
		{"stage ARN", goodPath, "arn:aws:ivs:us-east-1:123456789012:stage/abc", "is not a public-key ARN"},
		{"short account", goodPath, "arn:aws:ivs:us-east-1:1234:public-key/abc", "is not a public-key ARN"},
		{"not an ARN", goodPath, "public-key/abc", "is not a public-key ARN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := LoadSigner(c.path, c.arn)
			if err == nil {
				t.Fatalf("LoadSigner accepted it: %+v", s)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestErrorsNeverQuoteKeyMaterial(t *testing.T) {
	k := newKey(t, elliptic.P256())
	data := sec1PEM(t, k)
	_, err := LoadSigner(writeFile(t, "p256.pem", data), testKeyARN)
	if err == nil {
		t.Fatal("P-256 key accepted")
	}
	block, _ := pem.Decode(data)
	body := strings.Split(string(data), "\n")[1] // first base64 line
	if strings.Contains(err.Error(), body) || strings.Contains(err.Error(), string(block.Bytes[:8])) {
		t.Fatalf("error quotes the key: %v", err)
	}
}

func TestNewSignerErrors(t *testing.T) {
	if _, err := NewSigner(nil, testKeyARN); err == nil {
		t.Fatal("nil key accepted")
	}
	if _, err := NewSigner(newKey(t, elliptic.P256()), testKeyARN); err == nil || !strings.Contains(err.Error(), "P-256") {
		t.Fatalf("P-256 key: %v", err)
	}
	if _, err := NewSigner(newKey(t, elliptic.P384()), "arn:aws:ivs:us-east-1:123456789012:public-key/"); err == nil {
		t.Fatal("ARN without id accepted")
	}
	s, err := NewSigner(newKey(t, elliptic.P384()), "arn:aws-cn:ivs:cn-north-1:123456789012:public-key/x-1")
	if err != nil {
		t.Fatalf("China partition ARN refused: %v", err)
	}
	if s.PublicKeyARN() != "arn:aws-cn:ivs:cn-north-1:123456789012:public-key/x-1" {
		t.Fatal(s.PublicKeyARN())
	}
}

func TestWriteKeyPair(t *testing.T) {
	dir := t.TempDir()
	priv, pub := filepath.Join(dir, "ivs.key"), filepath.Join(dir, "ivs.pub")
	if err := WriteKeyPair(priv, pub); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(priv)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v, want 0600", st.Mode().Perm())
	}
	s, err := LoadSigner(priv, testKeyARN)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.PublicKeyPEM()
	got, err := os.ReadFile(pub)
	if err != nil || string(got) != string(want) {
		t.Fatalf("public key file does not match the private key (%v)", err)
	}
	// Never overwrites: both files keep their content.
	if err := WriteKeyPair(priv, filepath.Join(dir, "other.pub")); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("overwrote the private key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "other.pub")); !os.IsNotExist(err) {
		t.Error("a public key was written although the private one was refused")
	}
	if err := WriteKeyPair(filepath.Join(dir, "new.key"), pub); err == nil {
		t.Fatal("overwrote the public key")
	}
	if _, err := os.Stat(filepath.Join(dir, "new.key")); !os.IsNotExist(err) {
		t.Error("an orphan private key was left behind")
	}
	if err := WriteKeyPair(priv, priv); err == nil {
		t.Fatal("same path for both keys accepted")
	}
}
