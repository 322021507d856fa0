package localtoken

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// GenerateKeyPair makes a fresh P-384 key pair: the private key as a PKCS#8
// "PRIVATE KEY" PEM block (keep it), the public key as a "PUBLIC KEY" PEM
// block (give it to ImportPublicKey).
func GenerateKeyPair() (privPEM, pubPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("localtoken: generating a P-384 key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("localtoken: encoding the private key: %w", err)
	}
	pubPEM, err = marshalPublicKeyPEM(&key.PublicKey)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), pubPEM, nil
}

func marshalPublicKeyPEM(pub *ecdsa.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("localtoken: encoding the public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// WriteKeyPair generates a key pair and writes it to two new files: the
// private key readable by the owner only. It refuses to overwrite either
// file, since replacing a key whose public half is imported breaks every
// token signed after.
func WriteKeyPair(privPath, pubPath string) error {
	if privPath == "" || pubPath == "" || privPath == pubPath {
		return errors.New("localtoken: give two different file names for the private and the public key")
	}
	priv, pub, err := GenerateKeyPair()
	if err != nil {
		return err
	}
	if err := writeNew(privPath, priv, 0o600); err != nil {
		return err
	}
	if err := writeNew(pubPath, pub, 0o644); err != nil {
		// Leave no private key whose public half was never written.
		_ = os.Remove(privPath)
		return err
	}
	return nil
}

func writeNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("localtoken: %s already exists; not overwriting a key", path)
		}
		return fmt.Errorf("localtoken: creating %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("localtoken: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("localtoken: writing %s: %w", path, err)
	}
	return nil
}
