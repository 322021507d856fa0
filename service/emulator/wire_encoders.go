package emulator

import "fmt"

// The encoder configuration operations on the wire (rules: encoders.go).

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

func handleCreateEncoderConfiguration(b *backend, in *createEncoderIn) (any, error) {
	v := b.validator()
	v.name("name", in.Name)
	video := checkVideo(v, in.Video)
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	e, err := b.CreateEncoderConfiguration(deref(in.Name), video, in.Tags)
	return encoderResultOut{EncoderConfiguration: e}, err
}

func handleGetEncoderConfiguration(b *backend, arn string) (any, error) {
	v, err := b.GetEncoderConfiguration(arn)
	return encoderResultOut{EncoderConfiguration: v}, err
}

func handleDeleteEncoderConfiguration(b *backend, arn string) (any, error) {
	return emptyOut{}, b.DeleteEncoderConfiguration(arn)
}

func handleListEncoderConfigurations(b *backend, pr pageReq) any {
	list, next := b.ListEncoderConfigurations(pr)
	return listEncodersOut{EncoderConfigurations: list, NextToken: next}
}
