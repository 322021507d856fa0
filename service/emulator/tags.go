package emulator

import (
	"fmt"
	"unicode/utf8"
)

// Tag operations address a resource by the ARN in the URL path; untag keys
// come in repeated tagKeys query parameters.

type tagsIn struct {
	ResourceArn string
	Tags        map[string]string `json:"tags"`
	TagKeys     []string
	HasTagKeys  bool
}

type tagsResultOut struct {
	Tags map[string]string `json:"tags"`
}

type taggableResource interface {
	resource
	taggable() *tagged
}

func taggedIn[T taggableResource](c *collection[T], id string) (*tagged, bool) {
	r, ok := c.get(id)
	if !ok {
		return nil, false
	}
	return r.taggable(), true
}

// findTagged validates a resourceArn and returns the tags holder of the
// resource it names, or a 404.
func (b *backend) findTagged(v *validator, arn string) (*tagged, error) {
	if arn == "" {
		v.required("resourceArn", false)
		return nil, v.err()
	}
	id := v.arn("resourceArn", arn, "")
	if err := v.err(); err != nil {
		return nil, err
	}
	var t *tagged
	ok := false
	switch kind := arnShape.FindStringSubmatch(arn)[3]; kind {
	case kindStage:
		t, ok = taggedIn(&b.stages, id)
	case kindComposition:
		t, ok = taggedIn(&b.compositions, id)
	case kindEncoder:
		t, ok = taggedIn(&b.encoders, id)
	case kindStorage:
		t, ok = taggedIn(&b.storages, id)
	case kindIngest:
		t, ok = taggedIn(&b.ingests, id)
	case kindPublicKey:
		t, ok = taggedIn(&b.publicKeys, id)
	}
	if !ok {
		return nil, notFound(arn)
	}
	return t, nil
}

func (b *backend) ListTagsForResource(in *tagsIn) (any, error) {
	b.lock()
	defer b.unlock()
	t, err := b.findTagged(b.validator(), in.ResourceArn)
	if err != nil {
		return nil, err
	}
	return tagsResultOut{Tags: tagsOut(t.tags)}, nil
}

func (b *backend) TagResource(in *tagsIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	if v.required("tags", in.Tags != nil) {
		v.tags("tags", in.Tags)
	}
	t, err := b.findTagged(v, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	merged := cloneMap(t.tags)
	for k, val := range in.Tags {
		merged[k] = val
	}
	if len(merged) > maxTags {
		return nil, validationError("1 validation error detected: Value at 'tags' failed to satisfy constraint: the resource would have %d tags; at most %d are allowed", len(merged), maxTags)
	}
	t.tags = merged
	return emptyOut{}, nil
}

func (b *backend) UntagResource(in *tagsIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	if v.required("tagKeys", in.HasTagKeys) && v.listLen("tagKeys", len(in.TagKeys), 0, maxTags) {
		for i, k := range in.TagKeys {
			if n := utf8.RuneCountInString(k); n < 1 || n > 128 {
				v.fail(fmt.Sprintf("tagKeys.%d.member", i+1), k, "Member must have length between 1 and 128")
			}
		}
	}
	t, err := b.findTagged(v, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	merged := cloneMap(t.tags)
	for _, k := range in.TagKeys {
		delete(merged, k)
	}
	t.tags = merged
	return emptyOut{}, nil
}
