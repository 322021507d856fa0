package emulator

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The composition operations on the wire (rules: compositions.go).

type layoutCommonIn struct {
	FeaturedParticipantAttribute *string `json:"featuredParticipantAttribute"`
	ParticipantOrderAttribute    *string `json:"participantOrderAttribute"`
	GridGap                      *int32  `json:"gridGap"`
	OmitStoppedVideo             *bool   `json:"omitStoppedVideo"`
	VideoFillMode                *string `json:"videoFillMode"`
}

type gridIn struct {
	layoutCommonIn
	VideoAspectRatio *string `json:"videoAspectRatio"`
}

type pipIn struct {
	layoutCommonIn
	PipBehavior             *string `json:"pipBehavior"`
	PipHeight               *int32  `json:"pipHeight"`
	PipOffset               *int32  `json:"pipOffset"`
	PipParticipantAttribute *string `json:"pipParticipantAttribute"`
	PipPosition             *string `json:"pipPosition"`
	PipWidth                *int32  `json:"pipWidth"`
}

type layoutIn struct {
	Grid *gridIn `json:"grid"`
	Pip  *pipIn  `json:"pip"`
}

type channelDestIn struct {
	ChannelArn              *string `json:"channelArn"`
	EncoderConfigurationArn *string `json:"encoderConfigurationArn"`
}

type s3DestIn struct {
	StorageConfigurationArn  *string  `json:"storageConfigurationArn"`
	EncoderConfigurationArns []string `json:"encoderConfigurationArns"`
	RecordingConfiguration   *struct {
		Format           *string `json:"format"`
		HlsConfiguration *struct {
			TargetSegmentDurationSeconds *int32 `json:"targetSegmentDurationSeconds"`
		} `json:"hlsConfiguration"`
	} `json:"recordingConfiguration"`
	ThumbnailConfigurations []struct {
		TargetIntervalSeconds *int32   `json:"targetIntervalSeconds"`
		Storage               []string `json:"storage"`
	} `json:"thumbnailConfigurations"`
}

type destConfigIn struct {
	Name    *string        `json:"name"`
	Channel *channelDestIn `json:"channel"`
	S3      *s3DestIn      `json:"s3"`
}

type startCompositionIn struct {
	StageArn         *string           `json:"stageArn"`
	IdempotencyToken *string           `json:"idempotencyToken"`
	Layout           *layoutIn         `json:"layout"`
	Destinations     []destConfigIn    `json:"destinations"`
	Tags             map[string]string `json:"tags"`
}

type compositionResultOut struct {
	Composition compositionOut `json:"composition"`
}

type listCompositionsIn struct {
	listIn
	FilterByStageArn                *string `json:"filterByStageArn"`
	FilterByEncoderConfigurationArn *string `json:"filterByEncoderConfigurationArn"`
}

type listCompositionsOut struct {
	Compositions []compositionSummaryOut `json:"compositions"`
	NextToken    string                  `json:"nextToken,omitempty"`
}

func checkLayout(v *validator, in *layoutIn) layoutOut {
	if in == nil || (in.Grid == nil && in.Pip == nil) {
		return layoutOut{Grid: &gridOut{layoutCommonOut: layoutCommonOut{GridGap: 2}, VideoAspectRatio: "VIDEO"}}
	}
	if in.Grid != nil && in.Pip != nil {
		v.failf("Value at 'layout' failed to satisfy constraint: Member must set only one of grid or pip")
		return layoutOut{}
	}
	if g := in.Grid; g != nil {
		out := &gridOut{layoutCommonOut: checkLayoutCommon(v, "layout.grid", g.layoutCommonIn, 2, ""), VideoAspectRatio: "VIDEO"}
		if g.VideoAspectRatio != nil {
			v.enum("layout.grid.videoAspectRatio", *g.VideoAspectRatio, ivs.VideoAspectRatios...)
			out.VideoAspectRatio = *g.VideoAspectRatio
		}
		return layoutOut{Grid: out}
	}
	p := in.Pip
	out := &pipOut{layoutCommonOut: checkLayoutCommon(v, "layout.pip", p.layoutCommonIn, 0, "COVER"), PipBehavior: "STATIC", PipPosition: "BOTTOM_RIGHT"}
	v.optStr("layout.pip.pipParticipantAttribute", p.PipParticipantAttribute, 0, ivs.MaxNameLength, &namePattern)
	out.PipParticipantAttribute = deref(p.PipParticipantAttribute)
	if p.PipBehavior != nil {
		v.enum("layout.pip.pipBehavior", *p.PipBehavior, ivs.PipBehaviors...)
		out.PipBehavior = *p.PipBehavior
	}
	if p.PipPosition != nil {
		v.enum("layout.pip.pipPosition", *p.PipPosition, ivs.PipPositions...)
		out.PipPosition = *p.PipPosition
	}
	if p.PipOffset != nil {
		v.intRange("layout.pip.pipOffset", int64(*p.PipOffset), 0, math.MaxInt32)
		out.PipOffset = *p.PipOffset
	}
	if p.PipHeight != nil {
		v.intRange("layout.pip.pipHeight", int64(*p.PipHeight), 1, math.MaxInt32)
		out.PipHeight = ptr(*p.PipHeight)
	}
	if p.PipWidth != nil {
		v.intRange("layout.pip.pipWidth", int64(*p.PipWidth), 1, math.MaxInt32)
		out.PipWidth = ptr(*p.PipWidth)
	}
	return layoutOut{Pip: out}
}

// checkLayoutCommon validates the members grid and PiP share; gap and fill
// are the layout's defaults.
func checkLayoutCommon(v *validator, prefix string, in layoutCommonIn, gap int32, fill string) layoutCommonOut {
	out := layoutCommonOut{GridGap: gap, VideoFillMode: fill, OmitStoppedVideo: deref(in.OmitStoppedVideo)}
	v.optStr(prefix+".featuredParticipantAttribute", in.FeaturedParticipantAttribute, 0, ivs.MaxNameLength, &namePattern)
	out.FeaturedParticipantAttribute = deref(in.FeaturedParticipantAttribute)
	v.optStr(prefix+".participantOrderAttribute", in.ParticipantOrderAttribute, 0, ivs.MaxNameLength, &namePattern)
	out.ParticipantOrderAttribute = deref(in.ParticipantOrderAttribute)
	if in.GridGap != nil {
		v.intRange(prefix+".gridGap", int64(*in.GridGap), 0, math.MaxInt32)
		out.GridGap = *in.GridGap
	}
	if in.VideoFillMode != nil {
		v.enum(prefix+".videoFillMode", *in.VideoFillMode, ivs.VideoFillModes...)
		out.VideoFillMode = *in.VideoFillMode
	}
	return out
}

// checkDestinations validates the destination list: 1 or 2 entries, each
// exactly one of channel or s3, at most one of each kind.
func checkDestinations(v *validator, in []destConfigIn) []destConfigOut {
	if !v.required("destinations", in != nil) || !v.listLen("destinations", len(in), 1, ivs.MaxCompositionDestinations) {
		return nil
	}
	var out []destConfigOut
	channels, s3s := 0, 0
	for i, d := range in {
		f := fmt.Sprintf("destinations.%d.member", i+1)
		v.optStr(f+".name", d.Name, 0, ivs.MaxNameLength, &namePattern)
		cfg := destConfigOut{Name: deref(d.Name)}
		switch {
		case d.Channel == nil && d.S3 == nil:
			v.failf("Value at '%s' failed to satisfy constraint: Member must specify either channel or s3", f)
		case d.Channel != nil && d.S3 != nil:
			v.failf("Value at '%s' failed to satisfy constraint: Member must specify only one of channel or s3", f)
		case d.Channel != nil:
			channels++
			v.reqARN(f+".channel.channelArn", d.Channel.ChannelArn, kindChannel)
			if d.Channel.EncoderConfigurationArn != nil {
				v.arn(f+".channel.encoderConfigurationArn", *d.Channel.EncoderConfigurationArn, kindEncoder)
			}
			cfg.Channel = &channelDestOut{ChannelArn: deref(d.Channel.ChannelArn), EncoderConfigurationArn: deref(d.Channel.EncoderConfigurationArn)}
		default:
			s3s++
			s := d.S3
			v.reqARN(f+".s3.storageConfigurationArn", s.StorageConfigurationArn, kindStorage)
			if v.required(f+".s3.encoderConfigurationArns", s.EncoderConfigurationArns != nil) &&
				v.listLen(f+".s3.encoderConfigurationArns", len(s.EncoderConfigurationArns), 1, 1) {
				for j, a := range s.EncoderConfigurationArns {
					v.arn(fmt.Sprintf("%s.s3.encoderConfigurationArns.%d.member", f, j+1), a, kindEncoder)
				}
			}
			rc := &recordingConfigOut{Format: "HLS", HlsConfiguration: &hlsOut{TargetSegmentDurationSeconds: 2}}
			if r := s.RecordingConfiguration; r != nil {
				if r.Format != nil {
					v.enum(f+".s3.recordingConfiguration.format", *r.Format, ivs.RecordingFormats...)
				}
				if h := r.HlsConfiguration; h != nil && h.TargetSegmentDurationSeconds != nil {
					v.intRange(f+".s3.recordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds", int64(*h.TargetSegmentDurationSeconds), ivs.MinHLSSegmentSeconds, ivs.MaxHLSSegmentSeconds)
					rc.HlsConfiguration.TargetSegmentDurationSeconds = *h.TargetSegmentDurationSeconds
				}
			}
			o := &s3DestOut{StorageConfigurationArn: deref(s.StorageConfigurationArn), EncoderConfigurationArns: slices.Clone(s.EncoderConfigurationArns), RecordingConfiguration: rc}
			if v.listLen(f+".s3.thumbnailConfigurations", len(s.ThumbnailConfigurations), 0, 1) {
				for j, t := range s.ThumbnailConfigurations {
					tf := fmt.Sprintf("%s.s3.thumbnailConfigurations.%d.member", f, j+1)
					th := compThumbOut{TargetIntervalSeconds: 60, Storage: []string{"SEQUENTIAL"}}
					if t.TargetIntervalSeconds != nil {
						v.intRange(tf+".targetIntervalSeconds", int64(*t.TargetIntervalSeconds), ivs.MinThumbnailIntervalSeconds, ivs.MaxThumbnailIntervalSeconds)
						th.TargetIntervalSeconds = *t.TargetIntervalSeconds
					}
					if t.Storage != nil {
						v.enumList(tf+".storage", t.Storage, 2, ivs.ThumbnailStorages...)
						th.Storage = slices.Clone(t.Storage)
					}
					o.ThumbnailConfigurations = append(o.ThumbnailConfigurations, th)
				}
			}
			cfg.S3 = o
		}
		out = append(out, cfg)
	}
	if channels > 1 || s3s > 1 {
		v.failf("Value at 'destinations' failed to satisfy constraint: Member must contain at most one channel destination and at most one s3 destination")
	}
	return out
}

func handleStartComposition(b *backend, in *startCompositionIn) (any, error) {
	v := b.validator()
	v.reqARN("stageArn", in.StageArn, kindStage)
	if in.IdempotencyToken != nil {
		v.str("idempotencyToken", *in.IdempotencyToken, 1, ivs.MaxIdempotencyTokenLength, &idempotencyPattern)
	}
	layout := checkLayout(v, in.Layout)
	dests := checkDestinations(v, in.Destinations)
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(in)
	c, err := b.StartComposition(compositionSpec{stageARN: *in.StageArn, idemToken: deref(in.IdempotencyToken), hash: sha256.Sum256(raw),
		layout: layout, dests: dests, tags: in.Tags})
	return compositionResultOut{Composition: c}, err
}

func handleGetComposition(b *backend, arn string) (any, error) {
	v, err := b.GetComposition(arn)
	return compositionResultOut{Composition: v}, err
}

func handleStopComposition(b *backend, arn string) (any, error) {
	return emptyOut{}, b.StopComposition(arn)
}

func handleListCompositions(b *backend, in *listCompositionsIn) (any, error) {
	v := b.validator()
	if in.FilterByStageArn != nil {
		v.arn("filterByStageArn", *in.FilterByStageArn, kindStage)
	}
	if in.FilterByEncoderConfigurationArn != nil {
		v.arn("filterByEncoderConfigurationArn", *in.FilterByEncoderConfigurationArn, kindEncoder)
	}
	pr := page(v, &b.pager, in.listIn, "ListCompositions", deref(in.FilterByStageArn), deref(in.FilterByEncoderConfigurationArn))
	if err := v.err(); err != nil {
		return nil, err
	}
	list, next := b.ListCompositions(deref(in.FilterByStageArn), deref(in.FilterByEncoderConfigurationArn), pr)
	return listCompositionsOut{Compositions: list, NextToken: next}, nil
}
