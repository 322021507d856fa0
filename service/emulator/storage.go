package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

// storageConfig is an S3 bucket recordings go to.
type storageConfig struct {
	meta
	tagged
	name   string
	bucket string
}

type s3StorageJSON struct {
	BucketName string `json:"bucketName"`
}

type storageOut struct {
	Arn  string            `json:"arn"`
	Name string            `json:"name,omitempty"`
	S3   s3StorageJSON     `json:"s3"`
	Tags map[string]string `json:"tags"`
}

func storageToOut(s *storageConfig) storageOut {
	return storageOut{Arn: s.arn, Name: s.name, S3: s3StorageJSON{BucketName: s.bucket}, Tags: tagsOut(s.tags)}
}

// CreateStorageConfiguration makes a storage configuration, within the
// account's quota.
func (b *backend) CreateStorageConfiguration(name, bucket string, tags map[string]string) (storageOut, error) {
	b.lock()
	defer b.unlock()
	if b.storages.len() >= ivs.MaxStorageConfigurations {
		return storageOut{}, quotaExceeded("Storage configurations per account quota of %d exceeded; delete a storage configuration or request a quota increase", ivs.MaxStorageConfigurations)
	}
	return storageToOut(b.newStorage(name, bucket, tags)), nil
}

func (b *backend) newStorage(name, bucket string, tags map[string]string) *storageConfig {
	id := b.newID()
	s := &storageConfig{
		meta:   meta{id: id, seq: b.nextSeq()},
		tagged: tagged{arn: b.arn(kindStorage, id), tags: cloneMap(tags)},
		name:   name,
		bucket: bucket,
	}
	b.storages.add(s)
	return s
}

func (b *backend) GetStorageConfiguration(arn string) (storageOut, error) {
	b.lock()
	defer b.unlock()
	s, err := findARN(&b.storages, arn)
	if err != nil {
		return storageOut{}, err
	}
	return storageToOut(s), nil
}

// DeleteStorageConfiguration deletes one that no running composition and
// no stage's recording uses.
func (b *backend) DeleteStorageConfiguration(arn string) error {
	b.lock()
	defer b.unlock()
	s, err := findARN(&b.storages, arn)
	if err != nil {
		return err
	}
	for _, c := range b.compositions.order {
		if c.running() && c.uses(s.arn) {
			return conflict("storage configuration %s is used by composition %s (%s); stop the composition and wait for it to complete first", s.arn, c.arn, c.state)
		}
	}
	for _, st := range b.stages.order {
		if st.rec.StorageConfigurationArn == s.arn {
			return conflict("storage configuration %s is used by the autoParticipantRecordingConfiguration of stage %s", s.arn, st.arn)
		}
	}
	b.storages.remove(s.id)
	return nil
}

func (b *backend) ListStorageConfigurations(pr pageReq) ([]storageOut, string) {
	b.lock()
	defer b.unlock()
	page, next := listPage(&b.pager, pr, b.storages.order, nil)
	out := make([]storageOut, 0, len(page))
	for _, s := range page {
		out = append(out, storageToOut(s))
	}
	return out, next
}
