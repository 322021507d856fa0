package service

import (
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// noPointers fails if a domain value holds an SDK type or a pointer to a
// basic type: model and ui must only see plain values.
func noPointers(t *testing.T, v any) {
	t.Helper()
	var walk func(path string, rv reflect.Value)
	walk = func(path string, rv reflect.Value) {
		typ := rv.Type()
		if pkg := typ.PkgPath(); pkg != "" && pkg != "github.com/ivsdash/ivsdash/service" && pkg != "time" {
			t.Errorf("%s: type %s from %s", path, typ, pkg)
			return
		}
		switch rv.Kind() {
		case reflect.Pointer:
			if typ.Elem().Kind() != reflect.Struct {
				t.Errorf("%s: pointer to %s", path, typ.Elem())
			}
			if !rv.IsNil() {
				walk(path, rv.Elem())
			}
		case reflect.Struct:
			if typ.PkgPath() == "time" {
				return
			}
			for i := range rv.NumField() {
				walk(path+"."+typ.Field(i).Name, rv.Field(i))
			}
		case reflect.Slice:
			for i := range rv.Len() {
				walk(path+"[]", rv.Index(i))
			}
		case reflect.Map:
			if typ.Key().Kind() != reflect.String || typ.Elem().Kind() != reflect.String {
				t.Errorf("%s: map %s", path, typ)
			}
		}
	}
	walk(reflect.TypeOf(v).Name(), reflect.ValueOf(v))
}

func TestStageConversion(t *testing.T) {
	tags := map[string]string{"team": "live"}
	s := &types.Stage{
		Arn:             aws.String("arn:aws:ivs:us-east-1:123456789012:stage/abcdEFGH1234"),
		Name:            aws.String("main"),
		ActiveSessionId: aws.String("st-abcdefghijklm"),
		Tags:            tags,
		Endpoints:       &types.StageEndpoints{Events: aws.String("wss://e"), Whip: aws.String("https://w"), Rtmp: aws.String("rtmp://r"), Rtmps: aws.String("rtmps://s")},
		AutoParticipantRecordingConfiguration: &types.AutoParticipantRecordingConfiguration{
			StorageConfigurationArn:         aws.String("arn:aws:ivs:us-east-1:123456789012:storage-configuration/x"),
			MediaTypes:                      []types.ParticipantRecordingMediaType{types.ParticipantRecordingMediaTypeAudioVideo},
			ThumbnailConfiguration:          &types.ParticipantThumbnailConfiguration{RecordingMode: types.ThumbnailRecordingModeInterval, TargetIntervalSeconds: aws.Int32(30), Storage: []types.ThumbnailStorageType{types.ThumbnailStorageTypeLatest}},
			HlsConfiguration:                &types.ParticipantRecordingHlsConfiguration{TargetSegmentDurationSeconds: aws.Int32(6)},
			RecordingReconnectWindowSeconds: 60,
			RecordParticipantReplicas:       true,
		},
	}
	got := stageFromSDK(s)
	want := Stage{
		ARN: *s.Arn, ID: "abcdEFGH1234", Name: "main", ActiveSessionID: "st-abcdefghijklm",
		Tags:      map[string]string{"team": "live"},
		Endpoints: StageEndpoints{Events: "wss://e", WHIP: "https://w", RTMP: "rtmp://r", RTMPS: "rtmps://s"},
		AutoRecording: AutoRecording{
			StorageConfigurationARN: "arn:aws:ivs:us-east-1:123456789012:storage-configuration/x",
			MediaTypes:              []string{"AUDIO_VIDEO"}, ThumbnailRecordingMode: "INTERVAL", ThumbnailIntervalSeconds: 30,
			ThumbnailStorage: []string{"LATEST"}, RecordingReconnectWindowSeconds: 60, HLSTargetSegmentDurationSeconds: 6,
			RecordParticipantReplicas: true,
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	noPointers(t, got)
	tags["team"] = "changed"
	if got.Tags["team"] != "live" {
		t.Error("the domain value shares its tag map with the SDK value")
	}
	// Round trip of the recording configuration.
	back := autoRecordingFromSDK(autoRecordingToSDK(&got.AutoRecording))
	if !reflect.DeepEqual(back, got.AutoRecording) {
		t.Errorf("round trip: %+v\nwant %+v", back, got.AutoRecording)
	}
	if stageFromSDK(nil).ARN != "" || stageFromSDK(&types.Stage{}).AutoRecording.Enabled() {
		t.Error("absent fields must give zero values")
	}
	// Turning recording off sends an empty ARN, not nothing.
	if off := autoRecordingToSDK(&AutoRecording{}); off == nil || off.StorageConfigurationArn == nil || *off.StorageConfigurationArn != "" {
		t.Errorf("recording off: %+v", off)
	}
}

func TestParticipantAndEventConversion(t *testing.T) {
	join := time.Date(2026, 3, 4, 5, 6, 7, 8_000_000, time.UTC)
	attrs := map[string]string{"role": "host"}
	p := participantFromSDK(&types.Participant{
		ParticipantId: aws.String("p1"), UserId: aws.String("ana"), State: types.ParticipantStateConnected,
		Published: true, FirstJoinTime: &join, Attributes: attrs, Protocol: types.ParticipantProtocolWhip,
		BrowserName: aws.String("firefox"), OsName: aws.String("linux"), IspName: aws.String("isp"), SdkVersion: aws.String("1.2"),
		RecordingState: types.ParticipantRecordingStateDisabled, ReplicationType: types.ReplicationTypeNone,
	})
	if p.ID != "p1" || p.UserID != "ana" || !p.Connected() || !p.Published || !p.FirstJoin.Equal(join) ||
		p.Protocol != "WHIP" || p.BrowserName != "firefox" || p.RecordingState != "DISABLED" || p.ReplicationType != "NONE" {
		t.Errorf("participant %+v", p)
	}
	attrs["role"] = "x"
	if p.Attributes["role"] != "host" {
		t.Error("attributes map shared with the SDK value")
	}
	noPointers(t, p)

	at := join.Add(time.Second)
	e := eventFromSDK(types.Event{Name: types.EventNamePublishError, ParticipantId: aws.String("p1"), ErrorCode: types.EventErrorCodeBitrateExceeded, EventTime: &at})
	if e.Name != "PUBLISH_ERROR" || e.ErrorCode != "BITRATE_EXCEEDED" || !e.Time.Equal(at) || !e.IsError() {
		t.Errorf("event %+v", e)
	}
	if z := eventFromSDK(types.Event{}); !z.Time.IsZero() || z.IsError() {
		t.Errorf("empty event %+v", z)
	}
	noPointers(t, e)
}

func TestCompositionConversion(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := compositionFromSDK(&types.Composition{
		Arn: aws.String("arn:c"), StageArn: aws.String("arn:s"), State: types.CompositionStateActive, StartTime: &start,
		Layout: &types.LayoutConfiguration{Pip: &types.PipConfiguration{PipPosition: types.PipPositionTopLeft, PipWidth: aws.Int32(320), GridGap: 2}},
		Destinations: []types.Destination{{
			Id: aws.String("d1"), State: types.DestinationStateActive, StartTime: &start,
			Configuration: &types.DestinationConfiguration{Name: aws.String("rec"), S3: &types.S3DestinationConfiguration{
				StorageConfigurationArn:  aws.String("arn:st"),
				EncoderConfigurationArns: []string{"arn:e"},
				RecordingConfiguration:   &types.RecordingConfiguration{Format: types.RecordingConfigurationFormatHls, HlsConfiguration: &types.CompositionRecordingHlsConfiguration{TargetSegmentDurationSeconds: aws.Int32(4)}},
				ThumbnailConfigurations:  []types.CompositionThumbnailConfiguration{{Storage: []types.ThumbnailStorageType{"SEQUENTIAL"}, TargetIntervalSeconds: aws.Int32(10)}},
			}},
			Detail: &types.DestinationDetail{S3: &types.S3Detail{RecordingPrefix: aws.String("stage/st-1/composite")}},
		}},
	})
	if c.Layout.PiP == nil || c.Layout.Grid != nil || c.Layout.PiP.PipWidth != 320 || c.Layout.PiP.PipHeight != 0 || c.Layout.PiP.GridGap != 2 {
		t.Errorf("layout %+v", c.Layout)
	}
	d := c.Destinations[0]
	if d.Name != "rec" || d.S3 == nil || d.Channel != nil || d.RecordingPrefix != "stage/st-1/composite" ||
		d.S3.RecordingFormat != "HLS" || d.S3.HLSTargetSegmentDurationSeconds != 4 || d.S3.Thumbnails[0].TargetIntervalSeconds != 10 {
		t.Errorf("destination %+v / %+v", d, d.S3)
	}
	noPointers(t, c)
	// Round trip of what StartComposition sends.
	cfg := destinationToSDK(d)
	back := destinationFromSDK(types.Destination{Configuration: &cfg})
	if !reflect.DeepEqual(back.S3, d.S3) || back.Name != "rec" {
		t.Errorf("destination round trip %+v", back.S3)
	}
	if l := layoutFromSDK(nil); l.Grid == nil || l.PiP != nil {
		t.Errorf("absent layout should read as the default grid: %+v", l)
	}
	if layoutToSDK(Layout{}) != nil {
		t.Error("no layout should send none (the API default)")
	}
}

func TestSmallConversions(t *testing.T) {
	v := videoFromSDK(&types.Video{Width: aws.Int32(1280), Height: aws.Int32(720), Bitrate: aws.Int32(2_500_000), Framerate: aws.Float32(30)})
	if v != (Video{1280, 720, 2_500_000, 30}) {
		t.Errorf("video %+v", v)
	}
	if videoToSDK(Video{}) != nil {
		t.Error("a zero video should take the API defaults")
	}
	if got := optInt32(1 << 40); got == nil || *got != 1<<31-1 {
		t.Errorf("overflow is clamped, got %v", got)
	}
	tok := tokenFromSDK(types.ParticipantToken{Token: aws.String("eyJsecret"), Duration: aws.Int32(60), Capabilities: []types.ParticipantTokenCapability{"PUBLISH"}})
	if tok.Token.Reveal() != "eyJsecret" || tok.DurationMinutes != 60 || tok.Capabilities[0] != "PUBLISH" {
		t.Errorf("token %+v", tok)
	}
	ing := ingestFromSDK(&types.IngestConfiguration{StreamKey: aws.String("sk_us-east-1_secret"), IngestProtocol: types.IngestProtocolRtmps})
	if ing.StreamKey.Reveal() != "sk_us-east-1_secret" || ing.Protocol != "RTMPS" {
		t.Errorf("ingest %+v", ing)
	}
	noPointers(t, tok)
	noPointers(t, ing)
	if resourceID("arn:aws:ivs:us-east-1:123456789012:stage/abc") != "abc" || resourceID("abc") != "abc" {
		t.Error("resourceID")
	}
}
