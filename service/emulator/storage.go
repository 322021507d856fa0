package emulator

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

type createStorageIn struct {
	Name *string `json:"name"`
	S3   *struct {
		BucketName *string `json:"bucketName"`
	} `json:"s3"`
	Tags map[string]string `json:"tags"`
}

type storageOut struct {
	Arn  string            `json:"arn"`
	Name string            `json:"name,omitempty"`
	S3   s3StorageJSON     `json:"s3"`
	Tags map[string]string `json:"tags"`
}

type storageResultOut struct {
	StorageConfiguration storageOut `json:"storageConfiguration"`
}

type listStoragesOut struct {
	StorageConfigurations []storageOut `json:"storageConfigurations"`
	NextToken             string       `json:"nextToken,omitempty"`
}

func storageToOut(s *storageConfig) storageOut {
	return storageOut{Arn: s.arn, Name: s.name, S3: s3StorageJSON{BucketName: s.bucket}, Tags: tagsOut(s.tags)}
}

func (b *backend) CreateStorageConfiguration(in *createStorageIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	v.name("name", in.Name)
	if v.required("s3", in.S3 != nil) && v.required("s3.bucketName", in.S3.BucketName != nil) {
		v.str("s3.bucketName", *in.S3.BucketName, 3, 63, &bucketPattern)
	}
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	if b.storages.len() >= maxStorageConfigs {
		return nil, quotaExceeded("Storage configurations per account quota of %d exceeded; delete a storage configuration or request a quota increase", maxStorageConfigs)
	}
	s := b.newStorage(deref(in.Name), *in.S3.BucketName, in.Tags)
	return storageResultOut{StorageConfiguration: storageToOut(s)}, nil
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

func (b *backend) GetStorageConfiguration(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	s, err := lookup(b.validator(), &b.storages, "arn", in.Arn, kindStorage)
	if err != nil {
		return nil, err
	}
	return storageResultOut{StorageConfiguration: storageToOut(s)}, nil
}

func (b *backend) DeleteStorageConfiguration(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	s, err := lookup(b.validator(), &b.storages, "arn", in.Arn, kindStorage)
	if err != nil {
		return nil, err
	}
	for _, c := range b.compositions.order {
		if c.running() && c.uses(s.arn) {
			return nil, conflict("storage configuration %s is used by composition %s (%s); stop the composition and wait for it to complete first", s.arn, c.arn, c.state)
		}
	}
	for _, st := range b.stages.order {
		if st.rec.StorageConfigurationArn == s.arn {
			return nil, conflict("storage configuration %s is used by the autoParticipantRecordingConfiguration of stage %s", s.arn, st.arn)
		}
	}
	b.storages.remove(s.id)
	return emptyOut{}, nil
}

func (b *backend) ListStorageConfigurations(in *listIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	limit := v.maxResults(in.MaxResults, 100, maxPageSize)
	sc := scope("ListStorageConfigurations")
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	page, next := listPage(&b.pager, sc, b.storages.order, after, limit, nil)
	out := listStoragesOut{StorageConfigurations: make([]storageOut, 0, len(page)), NextToken: next}
	for _, s := range page {
		out.StorageConfigurations = append(out.StorageConfigurations, storageToOut(s))
	}
	return out, nil
}
