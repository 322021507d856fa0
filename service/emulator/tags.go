package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

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

// findTagged returns the tags holder of the resource an ARN names, or a
// 404.
func (b *backend) findTagged(arn string) (*tagged, error) {
	m := arnShape.FindStringSubmatch(arn)
	if m == nil {
		return nil, notFound(arn)
	}
	var t *tagged
	ok := false
	id := m[4]
	switch m[3] {
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

func (b *backend) ListTagsForResource(arn string) (map[string]string, error) {
	b.lock()
	defer b.unlock()
	t, err := b.findTagged(arn)
	if err != nil {
		return nil, err
	}
	return tagsOut(t.tags), nil
}

// TagResource adds or replaces tags, up to 50 on the resource.
func (b *backend) TagResource(arn string, tags map[string]string) error {
	b.lock()
	defer b.unlock()
	t, err := b.findTagged(arn)
	if err != nil {
		return err
	}
	merged := cloneMap(t.tags)
	for k, val := range tags {
		merged[k] = val
	}
	if len(merged) > ivs.MaxTags {
		return validationError("1 validation error detected: Value at 'tags' failed to satisfy constraint: the resource would have %d tags; at most %d are allowed", len(merged), ivs.MaxTags)
	}
	t.tags = merged
	return nil
}

func (b *backend) UntagResource(arn string, keys []string) error {
	b.lock()
	defer b.unlock()
	t, err := b.findTagged(arn)
	if err != nil {
		return err
	}
	merged := cloneMap(t.tags)
	for _, k := range keys {
		delete(merged, k)
	}
	t.tags = merged
	return nil
}
