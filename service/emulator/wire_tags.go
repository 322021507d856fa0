package emulator

import (
	"fmt"
	"unicode/utf8"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The tag operations on the wire (rules: tags.go). They address a resource
// by the ARN in the URL path; untag keys come in repeated tagKeys query
// parameters.

type tagsIn struct {
	ResourceArn string
	Tags        map[string]string `json:"tags"`
	TagKeys     []string
	HasTagKeys  bool
}

type tagsResultOut struct {
	Tags map[string]string `json:"tags"`
}

// checkResourceARN checks the resourceArn of the path: any taggable kind.
func checkResourceARN(v *validator, arn string) error {
	if arn == "" {
		v.required("resourceArn", false)
	} else {
		v.arn("resourceArn", arn, "")
	}
	return v.err()
}

func handleListTagsForResource(b *backend, in *tagsIn) (any, error) {
	if err := checkResourceARN(b.validator(), in.ResourceArn); err != nil {
		return nil, err
	}
	tags, err := b.ListTagsForResource(in.ResourceArn)
	return tagsResultOut{Tags: tags}, err
}

func handleTagResource(b *backend, in *tagsIn) (any, error) {
	v := b.validator()
	if v.required("tags", in.Tags != nil) {
		v.tags("tags", in.Tags)
	}
	if err := checkResourceARN(v, in.ResourceArn); err != nil {
		return nil, err
	}
	return emptyOut{}, b.TagResource(in.ResourceArn, in.Tags)
}

func handleUntagResource(b *backend, in *tagsIn) (any, error) {
	v := b.validator()
	if v.required("tagKeys", in.HasTagKeys) && v.listLen("tagKeys", len(in.TagKeys), 0, ivs.MaxTags) {
		for i, k := range in.TagKeys {
			if n := utf8.RuneCountInString(k); n < 1 || n > 128 {
				v.fail(fmt.Sprintf("tagKeys.%d.member", i+1), k, "Member must have length between 1 and 128")
			}
		}
	}
	if err := checkResourceARN(v, in.ResourceArn); err != nil {
		return nil, err
	}
	return emptyOut{}, b.UntagResource(in.ResourceArn, in.TagKeys)
}
