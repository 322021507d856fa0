package emulator

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

var streamKeyRe = regexp.MustCompile(`^rt_123456789012_us-east-1_[a-zA-Z0-9]{12}_[a-zA-Z0-9]{44}$`)

func TestIngestConfigurations(t *testing.T) {
	v := startFast(t)
	st := v.stage("studio")
	arn := aws.ToString(st.Arn)

	for _, c := range []struct {
		name     string
		in       *ivsrealtime.CreateIngestConfigurationInput
		fragment string
	}{
		{"RTMP without insecureIngest", &ivsrealtime.CreateIngestConfigurationInput{IngestProtocol: types.IngestProtocolRtmp}, "insecureIngest must be set to true"},
		{"unknown protocol", &ivsrealtime.CreateIngestConfigurationInput{IngestProtocol: "SRT"}, "Member must satisfy enum value set: [RTMP, RTMPS]"},
		{"bad name", &ivsrealtime.CreateIngestConfigurationInput{IngestProtocol: types.IngestProtocolRtmps, Name: aws.String("a b")}, "name"},
		{"user id too long", &ivsrealtime.CreateIngestConfigurationInput{IngestProtocol: types.IngestProtocolRtmps, UserId: aws.String(strings.Repeat("u", 129))}, "userId"},
		{"stage that does not exist", &ivsrealtime.CreateIngestConfigurationInput{IngestProtocol: types.IngestProtocolRtmps,
			StageArn: aws.String("arn:aws:ivs:us-east-1:123456789012:stage/zzzzzzzzzzzz")}, "existing stage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.CreateIngestConfiguration(v.ctx, c.in)
			wantCode(t, err, "ValidationException", c.fragment)
		})
	}

	insecure := must[*ivsrealtime.CreateIngestConfigurationOutput](t)(v.c.CreateIngestConfiguration(v.ctx, &ivsrealtime.CreateIngestConfigurationInput{
		IngestProtocol: types.IngestProtocolRtmp, InsecureIngest: true})).IngestConfiguration
	equal(t, "unattached stageArn", aws.ToString(insecure.StageArn), "")
	ing := must[*ivsrealtime.CreateIngestConfigurationOutput](t)(v.c.CreateIngestConfiguration(v.ctx, &ivsrealtime.CreateIngestConfigurationInput{
		Name: aws.String("obs"), IngestProtocol: types.IngestProtocolRtmps, StageArn: st.Arn, UserId: aws.String("encoder"),
		Attributes: map[string]string{"src": "obs"}, Tags: map[string]string{"k": "v"}})).IngestConfiguration
	key := aws.ToString(ing.StreamKey)
	if !streamKeyRe.MatchString(key) {
		t.Fatalf("stream key %q does not have the model's form", key)
	}
	if !idRe.MatchString(aws.ToString(ing.ParticipantId)) {
		t.Fatalf("ingest participant id %q", aws.ToString(ing.ParticipantId))
	}
	equal(t, "state", ing.State, types.IngestConfigurationStateInactive)

	list := must[*ivsrealtime.ListIngestConfigurationsOutput](t)(v.c.ListIngestConfigurations(v.ctx, &ivsrealtime.ListIngestConfigurationsInput{}))
	equal(t, "listed", len(list.IngestConfigurations), 2)
	if raw := v.raw("POST", "/ListIngestConfigurations", `{}`); strings.Contains(string(raw.body), "streamKey") {
		t.Fatal("summaries carry no stream key")
	}
	_, err := v.c.ListIngestConfigurations(v.ctx, &ivsrealtime.ListIngestConfigurationsInput{FilterByStageArn: st.Arn, FilterByState: types.IngestConfigurationStateActive})
	wantCode(t, err, "ValidationException", "Only one filter")

	// An encoder pushes with the key: the participant joins and publishes.
	j := must[JoinResult](t)(v.e.IngestPublish(key, ""))
	equal(t, "ingest participant", j.ParticipantID, aws.ToString(ing.ParticipantId))
	p := v.participant(arn, j.SessionID, j.ParticipantID)
	equal(t, "protocol", p.Protocol, types.ParticipantProtocolRtmps)
	equal(t, "user id", aws.ToString(p.UserId), "encoder")
	equal(t, "attributes", p.Attributes["src"], "obs")
	equal(t, "published", p.Published, true)
	if p.BrowserName != nil {
		t.Fatal("an RTMP encoder has no browser")
	}
	got := must[*ivsrealtime.GetIngestConfigurationOutput](t)(v.c.GetIngestConfiguration(v.ctx, &ivsrealtime.GetIngestConfigurationInput{Arn: ing.Arn})).IngestConfiguration
	equal(t, "active", got.State, types.IngestConfigurationStateActive)
	active := must[*ivsrealtime.ListIngestConfigurationsOutput](t)(v.c.ListIngestConfigurations(v.ctx, &ivsrealtime.ListIngestConfigurationsInput{FilterByState: types.IngestConfigurationStateActive}))
	equal(t, "active filter", len(active.IngestConfigurations), 1)

	// The same key again while it streams: REUSE_OF_STREAM_KEY.
	r := v.post("/_emulator/ingest", map[string]string{"streamKey": key})
	wantRawError(t, r, 409, "ConflictException")
	if strings.Contains(string(r.body), key) {
		t.Fatal("the stream key leaked into the error")
	}
	equalSlices(t, "ingest events", v.events(arn, j.SessionID, j.ParticipantID), []string{"JOINED", "PUBLISH_STARTED", "PUBLISH_ERROR:REUSE_OF_STREAM_KEY"})
	wantRawError(t, v.post("/_emulator/ingest", map[string]string{"streamKey": "rt_nope"}), 403, "AccessDeniedException")

	_, err = v.c.UpdateIngestConfiguration(v.ctx, &ivsrealtime.UpdateIngestConfigurationInput{Arn: ing.Arn})
	wantCode(t, err, "ConflictException", "active")
	_, err = v.c.DeleteIngestConfiguration(v.ctx, &ivsrealtime.DeleteIngestConfigurationInput{Arn: ing.Arn})
	wantCode(t, err, "ConflictException", "force")

	// DisconnectParticipant on the encoder detaches the configuration.
	must[*ivsrealtime.DisconnectParticipantOutput](t)(v.c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{StageArn: st.Arn, ParticipantId: ing.ParticipantId}))
	got = must[*ivsrealtime.GetIngestConfigurationOutput](t)(v.c.GetIngestConfiguration(v.ctx, &ivsrealtime.GetIngestConfigurationInput{Arn: ing.Arn})).IngestConfiguration
	equal(t, "detached", aws.ToString(got.StageArn), "")
	equal(t, "inactive", got.State, types.IngestConfigurationStateInactive)
	wantRawError(t, v.post("/_emulator/ingest", map[string]string{"streamKey": key}), 409, "ConflictException")

	// Re-attach, push over RTMP to an RTMPS configuration, then delete with force.
	up := must[*ivsrealtime.UpdateIngestConfigurationOutput](t)(v.c.UpdateIngestConfiguration(v.ctx, &ivsrealtime.UpdateIngestConfigurationInput{Arn: ing.Arn, StageArn: st.Arn})).IngestConfiguration
	equal(t, "re-attached", aws.ToString(up.StageArn), arn)
	_, err = v.c.UpdateIngestConfiguration(v.ctx, &ivsrealtime.UpdateIngestConfigurationInput{Arn: ing.Arn, StageArn: aws.String("arn:aws:ivs:us-east-1:123456789012:stage/zzzzzzzzzzzz")})
	wantCode(t, err, "ResourceNotFoundException", "zzzzzzzzzzzz")
	keeper := v.join(arn, "keeps-the-session")
	wantRawError(t, v.post("/_emulator/ingest", map[string]string{"streamKey": key, "protocol": "RTMP"}), 400, "ValidationException")
	equalSlices(t, "wrong protocol", v.events(arn, keeper.SessionID, j.ParticipantID), []string{"JOINED", "PUBLISH_ERROR:INVALID_PROTOCOL", "LEFT"})
	j2 := must[JoinResult](t)(v.e.IngestPublish(key, "RTMPS"))
	must[*ivsrealtime.DeleteIngestConfigurationOutput](t)(v.c.DeleteIngestConfiguration(v.ctx, &ivsrealtime.DeleteIngestConfigurationInput{Arn: ing.Arn, Force: true}))
	equal(t, "forced out", v.participant(arn, j2.SessionID, j2.ParticipantID).State, types.ParticipantStateDisconnected)
	_, err = v.c.GetIngestConfiguration(v.ctx, &ivsrealtime.GetIngestConfigurationInput{Arn: ing.Arn})
	wantCode(t, err, "ResourceNotFoundException", "")
}

func TestEncoderAndStorageConfigurations(t *testing.T) {
	v := startFast(t)
	def := must[*ivsrealtime.CreateEncoderConfigurationOutput](t)(v.c.CreateEncoderConfiguration(v.ctx, &ivsrealtime.CreateEncoderConfigurationInput{})).EncoderConfiguration
	vid := def.Video
	equal(t, "default width", aws.ToInt32(vid.Width), 1280)
	equal(t, "default height", aws.ToInt32(vid.Height), 720)
	equal(t, "default bitrate", aws.ToInt32(vid.Bitrate), 2500000)
	equal(t, "default framerate", aws.ToFloat32(vid.Framerate), 30)
	if def.Name != nil {
		t.Fatal("an unnamed configuration has no name member")
	}
	portrait := must[*ivsrealtime.CreateEncoderConfigurationOutput](t)(v.c.CreateEncoderConfiguration(v.ctx, &ivsrealtime.CreateEncoderConfigurationInput{
		Name: aws.String("portrait"), Video: &types.Video{Width: aws.Int32(1080), Height: aws.Int32(1920), Framerate: aws.Float32(29.97), Bitrate: aws.Int32(8_500_000)}})).EncoderConfiguration
	equal(t, "framerate kept", aws.ToFloat32(portrait.Video.Framerate), float32(29.97))
	raw := v.post("/GetEncoderConfiguration", map[string]string{"arn": aws.ToString(portrait.Arn)})
	if !strings.Contains(string(raw.body), `"framerate":29.97`) {
		t.Fatalf("framerate on the wire: %s", raw.body)
	}
	for _, c := range []struct {
		name     string
		video    *types.Video
		fragment string
	}{
		{"over 1080p pixels", &types.Video{Width: aws.Int32(1920), Height: aws.Int32(1920)}, "2073600"},
		{"odd width", &types.Video{Width: aws.Int32(641)}, "even"},
		{"zero height", &types.Video{Height: aws.Int32(0)}, "greater than or equal to 1"},
		{"width over 1920", &types.Video{Width: aws.Int32(2000), Height: aws.Int32(100)}, "less than or equal to 1920"},
		{"bitrate over 8.5 Mbps", &types.Video{Bitrate: aws.Int32(8_500_001)}, "8500000"},
		{"framerate 0.5", &types.Video{Framerate: aws.Float32(0.5)}, "framerate"},
		{"framerate 61", &types.Video{Framerate: aws.Float32(61)}, "framerate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.CreateEncoderConfiguration(v.ctx, &ivsrealtime.CreateEncoderConfigurationInput{Video: c.video})
			wantCode(t, err, "ValidationException", c.fragment)
		})
	}
	list := must[*ivsrealtime.ListEncoderConfigurationsOutput](t)(v.c.ListEncoderConfigurations(v.ctx, &ivsrealtime.ListEncoderConfigurationsInput{}))
	equal(t, "encoders", len(list.EncoderConfigurations), 2)
	must[*ivsrealtime.DeleteEncoderConfigurationOutput](t)(v.c.DeleteEncoderConfiguration(v.ctx, &ivsrealtime.DeleteEncoderConfigurationInput{Arn: def.Arn}))
	_, err := v.c.GetEncoderConfiguration(v.ctx, &ivsrealtime.GetEncoderConfigurationInput{Arn: def.Arn})
	wantCode(t, err, "ResourceNotFoundException", "")

	for _, c := range []struct{ name, bucket, fragment string }{
		{"too short", "ab", "greater than or equal to 3"},
		{"upper case", "MyBucket", "[a-z0-9-.]+"},
		{"too long", strings.Repeat("b", 64), "less than or equal to 63"},
	} {
		t.Run("bucket "+c.name, func(t *testing.T) {
			_, err := v.c.CreateStorageConfiguration(v.ctx, &ivsrealtime.CreateStorageConfigurationInput{S3: &types.S3StorageConfiguration{BucketName: aws.String(c.bucket)}})
			wantCode(t, err, "ValidationException", c.fragment)
		})
	}
	wantRawError(t, v.raw("POST", "/CreateStorageConfiguration", `{}`), 400, "ValidationException")
	sc := must[*ivsrealtime.CreateStorageConfigurationOutput](t)(v.c.CreateStorageConfiguration(v.ctx, &ivsrealtime.CreateStorageConfigurationInput{
		Name: aws.String("archive"), S3: &types.S3StorageConfiguration{BucketName: aws.String("my.bucket-1")}})).StorageConfiguration
	got := must[*ivsrealtime.GetStorageConfigurationOutput](t)(v.c.GetStorageConfiguration(v.ctx, &ivsrealtime.GetStorageConfigurationInput{Arn: sc.Arn})).StorageConfiguration
	equal(t, "bucket", aws.ToString(got.S3.BucketName), "my.bucket-1")
	sl := must[*ivsrealtime.ListStorageConfigurationsOutput](t)(v.c.ListStorageConfigurations(v.ctx, &ivsrealtime.ListStorageConfigurationsInput{}))
	equal(t, "summary bucket", aws.ToString(sl.StorageConfigurations[0].S3.BucketName), "my.bucket-1")
	must[*ivsrealtime.DeleteStorageConfigurationOutput](t)(v.c.DeleteStorageConfiguration(v.ctx, &ivsrealtime.DeleteStorageConfigurationInput{Arn: sc.Arn}))
	_, err = v.c.DeleteStorageConfiguration(v.ctx, &ivsrealtime.DeleteStorageConfigurationInput{Arn: sc.Arn})
	wantCode(t, err, "ResourceNotFoundException", "")
}

func TestTags(t *testing.T) {
	v := startFast(t)
	st := v.stage("tagged")
	enc, sto := v.configs()
	for _, arn := range []string{aws.ToString(st.Arn), enc, sto} {
		must[*ivsrealtime.TagResourceOutput](t)(v.c.TagResource(v.ctx, &ivsrealtime.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"a": "1", "b": "2"}}))
		must[*ivsrealtime.UntagResourceOutput](t)(v.c.UntagResource(v.ctx, &ivsrealtime.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"a", "missing"}}))
		tags := must[*ivsrealtime.ListTagsForResourceOutput](t)(v.c.ListTagsForResource(v.ctx, &ivsrealtime.ListTagsForResourceInput{ResourceArn: aws.String(arn)})).Tags
		if len(tags) != 1 || tags["b"] != "2" {
			t.Fatalf("tags of %s = %v", arn, tags)
		}
	}
	got := must[*ivsrealtime.GetStageOutput](t)(v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: st.Arn}))
	equal(t, "tags on GetStage", got.Stage.Tags["b"], "2")

	many := map[string]string{}
	for i := range 50 { // with the existing "b", 51 tags
		many[string(rune('A'+i%26))+strings.Repeat("x", i/26)] = "v"
	}
	_, err := v.c.TagResource(v.ctx, &ivsrealtime.TagResourceInput{ResourceArn: st.Arn, Tags: many})
	wantCode(t, err, "ValidationException", "at most 50")
	_, err = v.c.TagResource(v.ctx, &ivsrealtime.TagResourceInput{ResourceArn: st.Arn, Tags: map[string]string{"aws:cloudformation": "x"}})
	wantCode(t, err, "ValidationException", "aws:")
	_, err = v.c.TagResource(v.ctx, &ivsrealtime.TagResourceInput{ResourceArn: st.Arn, Tags: map[string]string{"ok": "bad\u0000value"}})
	wantCode(t, err, "ValidationException", "tags.ok")
	for _, c := range []struct{ arn, code string }{
		{"arn:aws:ivs:us-east-1:123456789012:stage/zzzzzzzzzzzz", "ResourceNotFoundException"},
		{"arn:aws:ivs:us-east-1:123456789012:channel/zzzzzzzzzzzz", "ResourceNotFoundException"},
		{"arn:aws:ivs:eu-west-1:123456789012:stage/zzzzzzzzzzzz", "ValidationException"},
		{"arn:aws:s3:::bucket", "ValidationException"},
	} {
		_, err := v.c.ListTagsForResource(v.ctx, &ivsrealtime.ListTagsForResourceInput{ResourceArn: aws.String(c.arn)})
		wantCode(t, err, c.code, "")
	}
}
