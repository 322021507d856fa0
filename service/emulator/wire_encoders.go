package emulator

import (
	"fmt"

	"github.com/ivsdash/ivsdash/service/ivs"
)

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

// checkVideo checks the video member against the catalogue's bounds (each
// side even and at most MaxVideoSide, at most MaxEncoderPixels in all,
// bitrate and frame rate up to their maxima) and fills in the defaults.
func checkVideo(v *validator, in *videoIn) videoOut {
	out := videoOut{Width: ivs.DefaultVideoWidth, Height: ivs.DefaultVideoHeight, Framerate: ivs.DefaultVideoFramerate, Bitrate: ivs.DefaultVideoBitrate}
	if in == nil {
		return out
	}
	if in.Width != nil {
		if v.intRange("video.width", int64(*in.Width), 1, ivs.MaxVideoSide) && *in.Width%2 != 0 {
			v.fail("video.width", fmt.Sprint(*in.Width), "Member must be an even number")
		}
		out.Width = *in.Width
	}
	if in.Height != nil {
		if v.intRange("video.height", int64(*in.Height), 1, ivs.MaxVideoSide) && *in.Height%2 != 0 {
			v.fail("video.height", fmt.Sprint(*in.Height), "Member must be an even number")
		}
		out.Height = *in.Height
	}
	if px := int64(out.Width) * int64(out.Height); px > ivs.MaxEncoderPixels {
		v.failf("Value '%dx%d' at 'video' failed to satisfy constraint: width times height must be less than or equal to %d pixels (1920x1080 or 1080x1920)", out.Width, out.Height, ivs.MaxEncoderPixels)
	}
	if in.Bitrate != nil {
		v.intRange("video.bitrate", int64(*in.Bitrate), 1, ivs.MaxVideoBitrate)
		out.Bitrate = *in.Bitrate
	}
	if in.Framerate != nil {
		f := *in.Framerate
		if f < 1 || f > ivs.MaxFramerate {
			v.fail("video.framerate", fmt.Sprint(f), fmt.Sprintf("Member must have value between 1 and %d", ivs.MaxFramerate))
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
