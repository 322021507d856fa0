package emulator

import "fmt"

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

type videoIn struct {
	Width     *int32   `json:"width"`
	Height    *int32   `json:"height"`
	Framerate *float32 `json:"framerate"`
	Bitrate   *int32   `json:"bitrate"`
}

type createEncoderIn struct {
	Name  *string           `json:"name"`
	Video *videoIn          `json:"video"`
	Tags  map[string]string `json:"tags"`
}

type encoderOut struct {
	Arn   string            `json:"arn"`
	Name  string            `json:"name,omitempty"`
	Video *videoOut         `json:"video,omitempty"`
	Tags  map[string]string `json:"tags"`
}

type encoderResultOut struct {
	EncoderConfiguration encoderOut `json:"encoderConfiguration"`
}

type listEncodersOut struct {
	EncoderConfigurations []encoderOut `json:"encoderConfigurations"`
	NextToken             string       `json:"nextToken,omitempty"`
}

// Video bounds. The model allows 1-1920 per side and the SDK documents that
// both must be even with at most 2,073,600 pixels (1920x1080 or 1080x1920);
// bitrate 1 bps to 8.5 Mbps (the publish limit of IVS Real-Time); frame
// rate 1 to 60 fps.
const (
	maxVideoSide    = 1920
	maxVideoBitrate = 8_500_000
	maxFramerate    = 60
)

func checkVideo(v *validator, in *videoIn) videoOut {
	out := videoOut{Width: 1280, Height: 720, Framerate: 30, Bitrate: 2_500_000}
	if in == nil {
		return out
	}
	if in.Width != nil {
		if v.intRange("video.width", int64(*in.Width), 1, maxVideoSide) && *in.Width%2 != 0 {
			v.fail("video.width", fmt.Sprint(*in.Width), "Member must be an even number")
		}
		out.Width = *in.Width
	}
	if in.Height != nil {
		if v.intRange("video.height", int64(*in.Height), 1, maxVideoSide) && *in.Height%2 != 0 {
			v.fail("video.height", fmt.Sprint(*in.Height), "Member must be an even number")
		}
		out.Height = *in.Height
	}
	if px := int64(out.Width) * int64(out.Height); px > maxEncoderPixels {
		v.failf("Value '%dx%d' at 'video' failed to satisfy constraint: width times height must be less than or equal to %d pixels (1920x1080 or 1080x1920)", out.Width, out.Height, maxEncoderPixels)
	}
	if in.Bitrate != nil {
		v.intRange("video.bitrate", int64(*in.Bitrate), 1, maxVideoBitrate)
		out.Bitrate = *in.Bitrate
	}
	if in.Framerate != nil {
		f := *in.Framerate
		if f < 1 || f > maxFramerate {
			v.fail("video.framerate", fmt.Sprint(f), fmt.Sprintf("Member must have value between 1 and %d", maxFramerate))
		}
		out.Framerate = f
	}
	return out
}

func encoderToOut(e *encoderConfig, full bool) encoderOut {
	out := encoderOut{Arn: e.arn, Name: e.name, Tags: tagsOut(e.tags)}
	if full {
		vid := e.video
		out.Video = &vid
	}
	return out
}

func (b *backend) CreateEncoderConfiguration(in *createEncoderIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	v.name("name", in.Name)
	video := checkVideo(v, in.Video)
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	if b.encoders.len() >= maxEncoderConfigs {
		return nil, quotaExceeded("Encoder configurations per account quota of %d exceeded; delete an encoder configuration or request a quota increase", maxEncoderConfigs)
	}
	e := b.newEncoder(deref(in.Name), video, in.Tags)
	return encoderResultOut{EncoderConfiguration: encoderToOut(e, true)}, nil
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

func (b *backend) GetEncoderConfiguration(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	e, err := lookup(b.validator(), &b.encoders, "arn", in.Arn, kindEncoder)
	if err != nil {
		return nil, err
	}
	return encoderResultOut{EncoderConfiguration: encoderToOut(e, true)}, nil
}

func (b *backend) DeleteEncoderConfiguration(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	e, err := lookup(b.validator(), &b.encoders, "arn", in.Arn, kindEncoder)
	if err != nil {
		return nil, err
	}
	for _, c := range b.compositions.order {
		if c.running() && c.uses(e.arn) {
			return nil, conflict("encoder configuration %s is used by composition %s (%s); stop the composition first", e.arn, c.arn, c.state)
		}
	}
	b.encoders.remove(e.id)
	return emptyOut{}, nil
}

func (b *backend) ListEncoderConfigurations(in *listIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	limit := v.maxResults(in.MaxResults, 100, maxPageSize)
	sc := scope("ListEncoderConfigurations")
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	page, next := listPage(&b.pager, sc, b.encoders.order, after, limit, nil)
	out := listEncodersOut{EncoderConfigurations: make([]encoderOut, 0, len(page)), NextToken: next}
	for _, e := range page {
		out.EncoderConfigurations = append(out.EncoderConfigurations, encoderToOut(e, false))
	}
	return out, nil
}
