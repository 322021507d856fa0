package service

import (
	"math"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// Conversions between the SDK's pointer-heavy types and the plain domain
// values of types.go. Absent means the zero value; maps and slices are copied
// so no domain value shares memory with an SDK value.

func str(p *string) string { return aws.ToString(p) }

func i32(p *int32) int { return int(aws.ToInt32(p)) }

func tm(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return *p
}

// optString is nil for "", so optional members are left out of requests.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optInt32 is nil for 0 (the API default); values beyond int32 are clamped,
// and IVS then rejects them as out of range.
func optInt32(v int) *int32 {
	if v == 0 {
		return nil
	}
	return aws.Int32(clamp32(v))
}

func clamp32(v int) int32 {
	return int32(min(max(v, math.MinInt32), math.MaxInt32))
}

func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// castAll converts between string types (SDK enums and plain strings); it
// copies, and gives nil for an empty slice.
func castAll[To, From ~string](in []From) []To {
	if len(in) == 0 {
		return nil
	}
	out := make([]To, len(in))
	for i, v := range in {
		out[i] = To(v)
	}
	return out
}

// resourceID is the last part of an ARN: the stage id of a stage ARN.
func resourceID(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// --- stages

func stageFromSDK(s *types.Stage) Stage {
	if s == nil {
		return Stage{}
	}
	arn := str(s.Arn)
	st := Stage{
		ARN:             arn,
		ID:              resourceID(arn),
		Name:            str(s.Name),
		ActiveSessionID: str(s.ActiveSessionId),
		Tags:            copyMap(s.Tags),
		AutoRecording:   autoRecordingFromSDK(s.AutoParticipantRecordingConfiguration),
	}
	if e := s.Endpoints; e != nil {
		st.Endpoints = StageEndpoints{Events: str(e.Events), WHIP: str(e.Whip), RTMP: str(e.Rtmp), RTMPS: str(e.Rtmps)}
	}
	return st
}

func stageFromSummary(s types.StageSummary) Stage {
	arn := str(s.Arn)
	return Stage{
		ARN:             arn,
		ID:              resourceID(arn),
		Name:            str(s.Name),
		ActiveSessionID: str(s.ActiveSessionId),
		Tags:            copyMap(s.Tags),
	}
}

func autoRecordingFromSDK(a *types.AutoParticipantRecordingConfiguration) AutoRecording {
	if a == nil {
		return AutoRecording{}
	}
	r := AutoRecording{
		StorageConfigurationARN:         str(a.StorageConfigurationArn),
		MediaTypes:                      castAll[string](a.MediaTypes),
		RecordingReconnectWindowSeconds: int(a.RecordingReconnectWindowSeconds),
		RecordParticipantReplicas:       a.RecordParticipantReplicas,
	}
	if t := a.ThumbnailConfiguration; t != nil {
		r.ThumbnailRecordingMode = string(t.RecordingMode)
		r.ThumbnailIntervalSeconds = i32(t.TargetIntervalSeconds)
		r.ThumbnailStorage = castAll[string](t.Storage)
	}
	if h := a.HlsConfiguration; h != nil {
		r.HLSTargetSegmentDurationSeconds = i32(h.TargetSegmentDurationSeconds)
	}
	return r
}

// autoRecordingToSDK always sends the storage ARN: an empty one is how
// UpdateStage turns recording off.
func autoRecordingToSDK(a *AutoRecording) *types.AutoParticipantRecordingConfiguration {
	if a == nil {
		return nil
	}
	out := &types.AutoParticipantRecordingConfiguration{
		StorageConfigurationArn:         aws.String(a.StorageConfigurationARN),
		MediaTypes:                      castAll[types.ParticipantRecordingMediaType](a.MediaTypes),
		RecordingReconnectWindowSeconds: clamp32(a.RecordingReconnectWindowSeconds),
		RecordParticipantReplicas:       a.RecordParticipantReplicas,
	}
	if a.ThumbnailRecordingMode != "" || a.ThumbnailIntervalSeconds != 0 || len(a.ThumbnailStorage) > 0 {
		out.ThumbnailConfiguration = &types.ParticipantThumbnailConfiguration{
			RecordingMode:         types.ThumbnailRecordingMode(a.ThumbnailRecordingMode),
			TargetIntervalSeconds: optInt32(a.ThumbnailIntervalSeconds),
			Storage:               castAll[types.ThumbnailStorageType](a.ThumbnailStorage),
		}
	}
	if a.HLSTargetSegmentDurationSeconds != 0 {
		out.HlsConfiguration = &types.ParticipantRecordingHlsConfiguration{
			TargetSegmentDurationSeconds: optInt32(a.HLSTargetSegmentDurationSeconds),
		}
	}
	return out
}

// --- sessions

func sessionFromSDK(s *types.StageSession) Session {
	if s == nil {
		return Session{}
	}
	return Session{ID: str(s.SessionId), Start: tm(s.StartTime), End: tm(s.EndTime)}
}

func sessionFromSummary(s types.StageSessionSummary) Session {
	return Session{ID: str(s.SessionId), Start: tm(s.StartTime), End: tm(s.EndTime)}
}

// --- participants and events

func participantFromSDK(p *types.Participant) Participant {
	if p == nil {
		return Participant{}
	}
	return Participant{
		ID:                str(p.ParticipantId),
		UserID:            str(p.UserId),
		State:             string(p.State),
		Published:         p.Published,
		RecordingState:    string(p.RecordingState),
		FirstJoin:         tm(p.FirstJoinTime),
		Protocol:          string(p.Protocol),
		Attributes:        copyMap(p.Attributes),
		BrowserName:       str(p.BrowserName),
		BrowserVersion:    str(p.BrowserVersion),
		OSName:            str(p.OsName),
		OSVersion:         str(p.OsVersion),
		ISPName:           str(p.IspName),
		SDKVersion:        str(p.SdkVersion),
		RecordingS3Bucket: str(p.RecordingS3BucketName),
		RecordingS3Prefix: str(p.RecordingS3Prefix),
		ReplicationState:  string(p.ReplicationState),
		ReplicationType:   string(p.ReplicationType),
		SourceStageARN:    str(p.SourceStageArn),
		SourceSessionID:   str(p.SourceSessionId),
	}
}

func participantFromSummary(p types.ParticipantSummary) Participant {
	return Participant{
		ID:               str(p.ParticipantId),
		UserID:           str(p.UserId),
		State:            string(p.State),
		Published:        p.Published,
		RecordingState:   string(p.RecordingState),
		FirstJoin:        tm(p.FirstJoinTime),
		ReplicationState: string(p.ReplicationState),
		ReplicationType:  string(p.ReplicationType),
		SourceStageARN:   str(p.SourceStageArn),
		SourceSessionID:  str(p.SourceSessionId),
	}
}

func eventFromSDK(e types.Event) Event {
	return Event{
		Name:                 string(e.Name),
		ParticipantID:        str(e.ParticipantId),
		RemoteParticipantID:  str(e.RemoteParticipantId),
		ErrorCode:            string(e.ErrorCode),
		Time:                 tm(e.EventTime),
		Replica:              e.Replica,
		DestinationStageARN:  str(e.DestinationStageArn),
		DestinationSessionID: str(e.DestinationSessionId),
	}
}

func replicaFromSDK(r types.ParticipantReplica) Replica {
	return Replica{
		ParticipantID:        str(r.ParticipantId),
		SourceStageARN:       str(r.SourceStageArn),
		SourceSessionID:      str(r.SourceSessionId),
		DestinationStageARN:  str(r.DestinationStageArn),
		DestinationSessionID: str(r.DestinationSessionId),
		State:                string(r.ReplicationState),
	}
}

// --- tokens

func tokenFromSDK(t types.ParticipantToken) ParticipantToken {
	return ParticipantToken{
		ParticipantID:   str(t.ParticipantId),
		Token:           Secret(str(t.Token)),
		UserID:          str(t.UserId),
		Attributes:      copyMap(t.Attributes),
		Capabilities:    castAll[string](t.Capabilities),
		DurationMinutes: i32(t.Duration),
		Expiration:      tm(t.ExpirationTime),
	}
}

func tokenConfigToSDK(r TokenRequest) types.ParticipantTokenConfiguration {
	return types.ParticipantTokenConfiguration{
		UserId:       optString(r.UserID),
		Attributes:   r.Attributes,
		Capabilities: castAll[types.ParticipantTokenCapability](r.Capabilities),
		Duration:     optInt32(r.DurationMinutes),
	}
}

// --- compositions

func compositionFromSDK(c *types.Composition) Composition {
	if c == nil {
		return Composition{}
	}
	out := Composition{
		ARN:      str(c.Arn),
		StageARN: str(c.StageArn),
		State:    string(c.State),
		Start:    tm(c.StartTime),
		End:      tm(c.EndTime),
		Tags:     copyMap(c.Tags),
		Layout:   layoutFromSDK(c.Layout),
	}
	if len(c.Destinations) > 0 {
		out.Destinations = make([]Destination, len(c.Destinations))
		for i, d := range c.Destinations {
			out.Destinations[i] = destinationFromSDK(d)
		}
	}
	return out
}

func compositionFromSummary(c types.CompositionSummary) Composition {
	out := Composition{
		ARN:      str(c.Arn),
		StageARN: str(c.StageArn),
		State:    string(c.State),
		Start:    tm(c.StartTime),
		End:      tm(c.EndTime),
		Tags:     copyMap(c.Tags),
	}
	if len(c.Destinations) > 0 {
		out.Destinations = make([]Destination, len(c.Destinations))
		for i, d := range c.Destinations {
			out.Destinations[i] = Destination{ID: str(d.Id), State: string(d.State), Start: tm(d.StartTime), End: tm(d.EndTime)}
		}
	}
	return out
}

func destinationFromSDK(d types.Destination) Destination {
	out := Destination{ID: str(d.Id), State: string(d.State), Start: tm(d.StartTime), End: tm(d.EndTime)}
	if cfg := d.Configuration; cfg != nil {
		out.Name = str(cfg.Name)
		if ch := cfg.Channel; ch != nil {
			out.Channel = &ChannelDestination{ChannelARN: str(ch.ChannelArn), EncoderConfigurationARN: str(ch.EncoderConfigurationArn)}
		}
		if s3 := cfg.S3; s3 != nil {
			out.S3 = s3FromSDK(s3)
		}
	}
	if d.Detail != nil && d.Detail.S3 != nil {
		out.RecordingPrefix = str(d.Detail.S3.RecordingPrefix)
	}
	return out
}

func s3FromSDK(s3 *types.S3DestinationConfiguration) *S3Destination {
	out := &S3Destination{
		StorageConfigurationARN:  str(s3.StorageConfigurationArn),
		EncoderConfigurationARNs: castAll[string](s3.EncoderConfigurationArns),
	}
	if rc := s3.RecordingConfiguration; rc != nil {
		out.RecordingFormat = string(rc.Format)
		if rc.HlsConfiguration != nil {
			out.HLSTargetSegmentDurationSeconds = i32(rc.HlsConfiguration.TargetSegmentDurationSeconds)
		}
	}
	for _, t := range s3.ThumbnailConfigurations {
		out.Thumbnails = append(out.Thumbnails, CompositionThumbnail{
			Storage:               castAll[string](t.Storage),
			TargetIntervalSeconds: i32(t.TargetIntervalSeconds),
		})
	}
	return out
}

func destinationToSDK(d Destination) types.DestinationConfiguration {
	out := types.DestinationConfiguration{Name: optString(d.Name)}
	if ch := d.Channel; ch != nil {
		out.Channel = &types.ChannelDestinationConfiguration{
			ChannelArn:              aws.String(ch.ChannelARN),
			EncoderConfigurationArn: optString(ch.EncoderConfigurationARN),
		}
	}
	if s3 := d.S3; s3 != nil {
		c := &types.S3DestinationConfiguration{
			StorageConfigurationArn:  aws.String(s3.StorageConfigurationARN),
			EncoderConfigurationArns: castAll[string](s3.EncoderConfigurationARNs),
		}
		if s3.RecordingFormat != "" || s3.HLSTargetSegmentDurationSeconds != 0 {
			c.RecordingConfiguration = &types.RecordingConfiguration{Format: types.RecordingConfigurationFormat(s3.RecordingFormat)}
			if s3.HLSTargetSegmentDurationSeconds != 0 {
				c.RecordingConfiguration.HlsConfiguration = &types.CompositionRecordingHlsConfiguration{
					TargetSegmentDurationSeconds: optInt32(s3.HLSTargetSegmentDurationSeconds),
				}
			}
		}
		for _, t := range s3.Thumbnails {
			c.ThumbnailConfigurations = append(c.ThumbnailConfigurations, types.CompositionThumbnailConfiguration{
				Storage:               castAll[types.ThumbnailStorageType](t.Storage),
				TargetIntervalSeconds: optInt32(t.TargetIntervalSeconds),
			})
		}
		out.S3 = c
	}
	return out
}

// layoutFromSDK gives a grid unless the composition is picture-in-picture,
// as the API defaults to a grid.
func layoutFromSDK(l *types.LayoutConfiguration) Layout {
	if l != nil && l.Pip != nil {
		p := l.Pip
		return Layout{PiP: &PiPLayout{
			FeaturedParticipantAttribute: str(p.FeaturedParticipantAttribute),
			ParticipantOrderAttribute:    str(p.ParticipantOrderAttribute),
			GridGap:                      int(p.GridGap),
			OmitStoppedVideo:             p.OmitStoppedVideo,
			PipBehavior:                  string(p.PipBehavior),
			PipHeight:                    i32(p.PipHeight),
			PipWidth:                     i32(p.PipWidth),
			PipOffset:                    int(p.PipOffset),
			PipParticipantAttribute:      str(p.PipParticipantAttribute),
			PipPosition:                  string(p.PipPosition),
			VideoFillMode:                string(p.VideoFillMode),
		}}
	}
	g := &GridLayout{}
	if l != nil && l.Grid != nil {
		s := l.Grid
		g = &GridLayout{
			FeaturedParticipantAttribute: str(s.FeaturedParticipantAttribute),
			ParticipantOrderAttribute:    str(s.ParticipantOrderAttribute),
			GridGap:                      int(s.GridGap),
			OmitStoppedVideo:             s.OmitStoppedVideo,
			VideoAspectRatio:             string(s.VideoAspectRatio),
			VideoFillMode:                string(s.VideoFillMode),
		}
	}
	return Layout{Grid: g}
}

// layoutToSDK is nil when neither layout is set: the API's default grid.
func layoutToSDK(l Layout) *types.LayoutConfiguration {
	switch {
	case l.PiP != nil:
		p := l.PiP
		return &types.LayoutConfiguration{Pip: &types.PipConfiguration{
			FeaturedParticipantAttribute: optString(p.FeaturedParticipantAttribute),
			ParticipantOrderAttribute:    optString(p.ParticipantOrderAttribute),
			GridGap:                      clamp32(p.GridGap),
			OmitStoppedVideo:             p.OmitStoppedVideo,
			PipBehavior:                  types.PipBehavior(p.PipBehavior),
			PipHeight:                    optInt32(p.PipHeight),
			PipWidth:                     optInt32(p.PipWidth),
			PipOffset:                    clamp32(p.PipOffset),
			PipParticipantAttribute:      optString(p.PipParticipantAttribute),
			PipPosition:                  types.PipPosition(p.PipPosition),
			VideoFillMode:                types.VideoFillMode(p.VideoFillMode),
		}}
	case l.Grid != nil:
		g := l.Grid
		return &types.LayoutConfiguration{Grid: &types.GridConfiguration{
			FeaturedParticipantAttribute: optString(g.FeaturedParticipantAttribute),
			ParticipantOrderAttribute:    optString(g.ParticipantOrderAttribute),
			GridGap:                      clamp32(g.GridGap),
			OmitStoppedVideo:             g.OmitStoppedVideo,
			VideoAspectRatio:             types.VideoAspectRatio(g.VideoAspectRatio),
			VideoFillMode:                types.VideoFillMode(g.VideoFillMode),
		}}
	}
	return nil
}

// --- encoder, storage, ingest configurations and public keys

func videoFromSDK(v *types.Video) Video {
	if v == nil {
		return Video{}
	}
	return Video{Width: i32(v.Width), Height: i32(v.Height), Bitrate: i32(v.Bitrate), Framerate: float64(aws.ToFloat32(v.Framerate))}
}

func videoToSDK(v Video) *types.Video {
	if v == (Video{}) {
		return nil
	}
	out := &types.Video{Width: optInt32(v.Width), Height: optInt32(v.Height), Bitrate: optInt32(v.Bitrate)}
	if v.Framerate != 0 {
		out.Framerate = aws.Float32(float32(v.Framerate))
	}
	return out
}

func encoderFromSDK(e *types.EncoderConfiguration) EncoderConfiguration {
	if e == nil {
		return EncoderConfiguration{}
	}
	return EncoderConfiguration{ARN: str(e.Arn), Name: str(e.Name), Tags: copyMap(e.Tags), Video: videoFromSDK(e.Video)}
}

func encoderFromSummary(e types.EncoderConfigurationSummary) EncoderConfiguration {
	return EncoderConfiguration{ARN: str(e.Arn), Name: str(e.Name), Tags: copyMap(e.Tags)}
}

func storageFromSDK(s *types.StorageConfiguration) StorageConfiguration {
	if s == nil {
		return StorageConfiguration{}
	}
	out := StorageConfiguration{ARN: str(s.Arn), Name: str(s.Name), Tags: copyMap(s.Tags)}
	if s.S3 != nil {
		out.Bucket = str(s.S3.BucketName)
	}
	return out
}

func storageFromSummary(s types.StorageConfigurationSummary) StorageConfiguration {
	out := StorageConfiguration{ARN: str(s.Arn), Name: str(s.Name), Tags: copyMap(s.Tags)}
	if s.S3 != nil {
		out.Bucket = str(s.S3.BucketName)
	}
	return out
}

func ingestFromSDK(i *types.IngestConfiguration) IngestConfiguration {
	if i == nil {
		return IngestConfiguration{}
	}
	return IngestConfiguration{
		ARN:           str(i.Arn),
		Name:          str(i.Name),
		Protocol:      string(i.IngestProtocol),
		State:         string(i.State),
		StageARN:      str(i.StageArn),
		ParticipantID: str(i.ParticipantId),
		UserID:        str(i.UserId),
		StreamKey:     Secret(str(i.StreamKey)),
		Attributes:    copyMap(i.Attributes),
		Tags:          copyMap(i.Tags),
	}
}

func ingestFromSummary(i types.IngestConfigurationSummary) IngestConfiguration {
	return IngestConfiguration{
		ARN:           str(i.Arn),
		Name:          str(i.Name),
		Protocol:      string(i.IngestProtocol),
		State:         string(i.State),
		StageARN:      str(i.StageArn),
		ParticipantID: str(i.ParticipantId),
		UserID:        str(i.UserId),
	}
}

func publicKeyFromSDK(k *types.PublicKey) PublicKey {
	if k == nil {
		return PublicKey{}
	}
	return PublicKey{ARN: str(k.Arn), Name: str(k.Name), Fingerprint: str(k.Fingerprint), PEM: str(k.PublicKeyMaterial), Tags: copyMap(k.Tags)}
}

func publicKeyFromSummary(k types.PublicKeySummary) PublicKey {
	return PublicKey{ARN: str(k.Arn), Name: str(k.Name), Tags: copyMap(k.Tags)}
}

// mapItems converts a page of SDK items.
func mapItems[S, T any](in []S, f func(S) T) []T {
	if len(in) == 0 {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}
