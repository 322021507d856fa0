package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

// The storage configuration operations on the wire (rules: storage.go).

type createStorageIn struct {
	Name *string `json:"name"`
	S3   *struct {
		BucketName *string `json:"bucketName"`
	} `json:"s3"`
	Tags map[string]string `json:"tags"`
}

type storageResultOut struct {
	StorageConfiguration storageOut `json:"storageConfiguration"`
}

type listStoragesOut struct {
	StorageConfigurations []storageOut `json:"storageConfigurations"`
	NextToken             string       `json:"nextToken,omitempty"`
}

func handleCreateStorageConfiguration(b *backend, in *createStorageIn) (any, error) {
	v := b.validator()
	v.name("name", in.Name)
	if v.required("s3", in.S3 != nil) && v.required("s3.bucketName", in.S3.BucketName != nil) {
		v.str("s3.bucketName", *in.S3.BucketName, ivs.MinBucketNameLength, ivs.MaxBucketNameLength, &bucketPattern)
	}
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := b.CreateStorageConfiguration(deref(in.Name), *in.S3.BucketName, in.Tags)
	return storageResultOut{StorageConfiguration: s}, err
}

func handleGetStorageConfiguration(b *backend, arn string) (any, error) {
	v, err := b.GetStorageConfiguration(arn)
	return storageResultOut{StorageConfiguration: v}, err
}

func handleDeleteStorageConfiguration(b *backend, arn string) (any, error) {
	return emptyOut{}, b.DeleteStorageConfiguration(arn)
}

func handleListStorageConfigurations(b *backend, pr pageReq) any {
	list, next := b.ListStorageConfigurations(pr)
	return listStoragesOut{StorageConfigurations: list, NextToken: next}
}
