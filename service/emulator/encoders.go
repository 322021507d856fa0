package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

// encoderConfig is a transcoding preset for compositions.
type encoderConfig struct {
	meta
	tagged
	name  string
	video videoOut
}

type videoOut struct {
	Width     int32   `json:"width"`
	Height    int32   `json:"height"`
	Framerate float32 `json:"framerate"`
	Bitrate   int32   `json:"bitrate"`
}

type encoderOut struct {
	Arn   string            `json:"arn"`
	Name  string            `json:"name,omitempty"`
	Video *videoOut         `json:"video,omitempty"`
	Tags  map[string]string `json:"tags"`
}

func encoderToOut(e *encoderConfig, full bool) encoderOut {
	out := encoderOut{Arn: e.arn, Name: e.name, Tags: tagsOut(e.tags)}
	if full {
		vid := e.video
		out.Video = &vid
	}
	return out
}

// CreateEncoderConfiguration makes an encoder configuration, within the
// account's quota.
func (b *backend) CreateEncoderConfiguration(name string, video videoOut, tags map[string]string) (encoderOut, error) {
	b.lock()
	defer b.unlock()
	if b.encoders.len() >= ivs.MaxEncoderConfigurations {
		return encoderOut{}, quotaExceeded("Encoder configurations per account quota of %d exceeded; delete an encoder configuration or request a quota increase", ivs.MaxEncoderConfigurations)
	}
	return encoderToOut(b.newEncoder(name, video, tags), true), nil
}

func (b *backend) newEncoder(name string, video videoOut, tags map[string]string) *encoderConfig {
	id := b.newID()
	e := &encoderConfig{
		meta:   meta{id: id, seq: b.nextSeq()},
		tagged: tagged{arn: b.arn(kindEncoder, id), tags: cloneMap(tags)},
		name:   name,
		video:  video,
	}
	b.encoders.add(e)
	return e
}

func (b *backend) GetEncoderConfiguration(arn string) (encoderOut, error) {
	b.lock()
	defer b.unlock()
	e, err := findARN(&b.encoders, arn)
	if err != nil {
		return encoderOut{}, err
	}
	return encoderToOut(e, true), nil
}

// DeleteEncoderConfiguration deletes one no running composition uses.
func (b *backend) DeleteEncoderConfiguration(arn string) error {
	b.lock()
	defer b.unlock()
	e, err := findARN(&b.encoders, arn)
	if err != nil {
		return err
	}
	for _, c := range b.compositions.order {
		if c.running() && c.uses(e.arn) {
			return conflict("encoder configuration %s is used by composition %s (%s); stop the composition first", e.arn, c.arn, c.state)
		}
	}
	b.encoders.remove(e.id)
	return nil
}

func (b *backend) ListEncoderConfigurations(pr pageReq) ([]encoderOut, string) {
	b.lock()
	defer b.unlock()
	page, next := listPage(&b.pager, pr, b.encoders.order, nil)
	out := make([]encoderOut, 0, len(page))
	for _, e := range page {
		out = append(out, encoderToOut(e, false))
	}
	return out, next
}
