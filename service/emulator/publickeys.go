package emulator

import (
	"crypto/ecdsa"

	"github.com/ivsdash/ivsdash/service/ivs"
)

type publicKeyOut struct {
	Arn               string            `json:"arn"`
	Name              string            `json:"name,omitempty"`
	PublicKeyMaterial string            `json:"publicKeyMaterial,omitempty"`
	Fingerprint       string            `json:"fingerprint,omitempty"`
	Tags              map[string]string `json:"tags"`
}

func publicKeyToOut(k *publicKey, full bool) publicKeyOut {
	out := publicKeyOut{Arn: k.arn, Name: k.name, Tags: tagsOut(k.tags)}
	if full {
		out.PublicKeyMaterial = k.pem
		out.Fingerprint = k.fingerprint
	}
	return out
}

// ImportPublicKey imports a parsed key once, within the region's quota.
func (b *backend) ImportPublicKey(name, material string, key *ecdsa.PublicKey, fingerprint string, tags map[string]string) (publicKeyOut, error) {
	b.lock()
	defer b.unlock()
	for _, k := range b.publicKeys.order {
		if k.fingerprint == fingerprint {
			return publicKeyOut{}, conflict("this public key is already imported as %s", k.arn)
		}
	}
	if b.publicKeys.len() >= ivs.MaxPublicKeys {
		return publicKeyOut{}, quotaExceeded("Public keys per region quota of %d exceeded; delete a public key first", ivs.MaxPublicKeys)
	}
	id := b.newID()
	k := &publicKey{
		meta:        meta{id: id, seq: b.nextSeq()},
		tagged:      tagged{arn: b.arn(kindPublicKey, id), tags: cloneMap(tags)},
		name:        name,
		pem:         material,
		fingerprint: fingerprint,
		key:         key,
	}
	b.publicKeys.add(k)
	return publicKeyToOut(k, true), nil
}

func (b *backend) GetPublicKey(arn string) (publicKeyOut, error) {
	b.lock()
	defer b.unlock()
	k, err := findARN(&b.publicKeys, arn)
	if err != nil {
		return publicKeyOut{}, err
	}
	return publicKeyToOut(k, true), nil
}

func (b *backend) DeletePublicKey(arn string) error {
	b.lock()
	defer b.unlock()
	k, err := findARN(&b.publicKeys, arn)
	if err != nil {
		return err
	}
	b.publicKeys.remove(k.id)
	return nil
}

func (b *backend) ListPublicKeys(pr pageReq) ([]publicKeyOut, string) {
	b.lock()
	defer b.unlock()
	page, next := listPage(&b.pager, pr, b.publicKeys.order, nil)
	out := make([]publicKeyOut, 0, len(page))
	for _, k := range page {
		out = append(out, publicKeyToOut(k, false))
	}
	return out, next
}
