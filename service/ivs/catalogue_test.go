package ivs_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The catalogue lists exactly the operations of the pinned SDK's client.
func TestOperationsAreTheSDKs(t *testing.T) {
	var sdk []string
	ct := reflect.TypeOf(&ivsrealtime.Client{})
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		// An operation is func(ctx, *XInput, ...func(*Options)) (*XOutput, error).
		if m.Type.NumIn() == 4 && m.Type.In(2).Kind() == reflect.Pointer && m.Type.In(2).Elem().Name() == m.Name+"Input" {
			sdk = append(sdk, m.Name)
		}
	}
	slices.Sort(sdk)
	if got := ivs.OperationNames(); !slices.Equal(got, sdk) {
		t.Fatalf("catalogue operations:\n%v\nSDK operations:\n%v", got, sdk)
	}
	if n := len(sdk); n != 39 {
		t.Errorf("%d operations; the pinned SDK has 39", n)
	}
}

func TestEveryOperationHasAQuotaAndListsAPageSize(t *testing.T) {
	for _, o := range ivs.Operations() {
		if !o.Group.Known() || o.Group.TPS() <= 0 {
			t.Errorf("%s: group %q has no TPS", o.Name, o.Group)
		}
		isList := strings.HasPrefix(o.Name, "List") && o.Name != "ListTagsForResource"
		if isList != (o.MaxPage > 0) || isList != (o.DefaultPage > 0) || o.DefaultPage > o.MaxPage {
			t.Errorf("%s: page sizes %d (default %d)", o.Name, o.MaxPage, o.DefaultPage)
		}
		verb := strings.TrimLeftFunc(o.Name, func(r rune) bool { return r >= 'a' && r <= 'z' })
		readOnly := strings.HasPrefix(o.Name, "Get") || strings.HasPrefix(o.Name, "List")
		if o.Mutates == readOnly {
			t.Errorf("%s (%s): Mutates = %v", o.Name, verb, o.Mutates)
		}
	}
}

func TestQuotaFacts(t *testing.T) {
	for _, c := range []struct {
		op   string
		tps  float64
		page int
	}{
		{"CreateParticipantToken", 50, 100},
		{"ListStages", 5, 100},
		{"ImportPublicKey", 3, 100},
		{"TagResource", 10, 100},
		{"ListParticipantReplicas", 5, 50},
		{"NoSuchOperation", 5, 100},
	} {
		if got := ivs.TPS(c.op); got != c.tps {
			t.Errorf("TPS(%s) = %v, want %v", c.op, got, c.tps)
		}
		if got := ivs.MaxPage(c.op); got != c.page {
			t.Errorf("MaxPage(%s) = %d, want %d", c.op, got, c.page)
		}
	}
	if o, _ := ivs.Lookup("ListCompositions"); o.DefaultPage != 100 {
		t.Errorf("ListCompositions default page %d, want 100", o.DefaultPage)
	}
	if o, _ := ivs.Lookup("ListParticipants"); o.DefaultPage != 50 {
		t.Errorf("ListParticipants default page %d, want 50", o.DefaultPage)
	}
	if len(ivs.Groups) != 8 {
		t.Errorf("%d groups", len(ivs.Groups))
	}
}

// The CloudWatch operations have their own group, at the lower of their
// quotas, and every metric is published with at least one dimension set.
func TestMetricsFacts(t *testing.T) {
	for _, op := range []string{"GetMetricData", "ListMetrics"} {
		if ivs.GroupOf(op) != ivs.GroupMetrics || !ivs.IsMetricsOperation(op) {
			t.Errorf("%s: group %q", op, ivs.GroupOf(op))
		}
	}
	if ivs.TPS("GetMetricData") != ivs.ListMetricsTPS {
		t.Errorf("metrics group TPS %v", ivs.TPS("GetMetricData"))
	}
	if ivs.IsMetricsOperation("ListStages") {
		t.Error("ListStages is not a CloudWatch operation")
	}
	if len(ivs.Metrics()) != 10 {
		t.Errorf("%d metrics", len(ivs.Metrics()))
	}
	for _, m := range ivs.Metrics() {
		if len(m.DimensionSets) == 0 || m.Unit == "" {
			t.Errorf("%s: %+v", m.Name, m)
		}
	}
	pb, _ := ivs.LookupMetric(ivs.MetricPublishBitrate)
	if !pb.HasDimensionSet([]string{ivs.DimMediaType, ivs.DimStage, ivs.DimParticipant, ivs.DimSimulcastLayer}) ||
		pb.HasDimensionSet([]string{ivs.DimStage, ivs.DimParticipant}) {
		t.Error("PublishBitrate's dimension sets")
	}
	if subs, _ := ivs.LookupMetric(ivs.MetricSubscribers); !subs.HasDimensionSet([]string{ivs.DimStage}) || subs.HasDimensionSet(nil) {
		t.Error("Subscribers is per stage only")
	}
}

func TestEventNamesCoverTheSDK(t *testing.T) {
	for _, n := range types.EventName("").Values() {
		if !slices.Contains(ivs.EventNames, string(n)) {
			t.Errorf("SDK event name %s is not in the catalogue", n)
		}
	}
	for _, n := range []string{ivs.EventJoinError, ivs.EventPublishError, ivs.EventSubscribeError} {
		if !ivs.IsErrorEvent(n) {
			t.Errorf("%s is not an error event", n)
		}
	}
	if ivs.IsErrorEvent(ivs.EventJoined) {
		t.Error("JOINED is an error event")
	}
}

func TestPatterns(t *testing.T) {
	for _, c := range []struct {
		pattern, value string
		ok             bool
	}{
		{ivs.NamePattern, "my-stage_1", true},
		{ivs.NamePattern, "my stage", false},
		{ivs.ParticipantIDPattern, "abc-DEF-123", true},
		{ivs.ParticipantIDPattern, "abc_def", false},
		{ivs.DisconnectParticipantIDPattern, "abc_def", true},
		{ivs.SessionIDPattern, "st-ABCdef1234567", true},
		{ivs.SessionIDPattern, "xx-ABCdef1234567", false},
		{ivs.TagPattern, "team:on-call/eu=1 @x", true},
		{ivs.TagPattern, "bad#tag", false},
		{ivs.BucketNamePattern, "my.bucket-1", true},
		{ivs.BucketNamePattern, "My_Bucket", false},
		{ivs.ARNPattern(ivs.KindStage), "arn:aws:ivs:us-east-1:123456789012:stage/AbC-1", true},
		{ivs.ARNPattern(ivs.KindStage), "arn:aws-cn:ivs:cn-north-1:123456789012:stage/x", true},
		{ivs.ARNPattern(ivs.KindStage), "arn:aws:ivs:us-east-1:123456789012:public-key/x", false},
		{ivs.ARNPattern(ivs.KindPublicKey), "arn:aws:ivs:us-east-1:12345:public-key/x", false},
		{ivs.ARNPattern(ivs.KindStage), "arn:aws:ivs:us-east-1:123456789012:stage/" + strings.Repeat("a", 129), false},
	} {
		if got := ivs.Anchored(c.pattern).MatchString(c.value); got != c.ok {
			t.Errorf("%s matches %q = %v, want %v", c.pattern, c.value, got, c.ok)
		}
	}
}

func TestAccountQuotas(t *testing.T) {
	for name, c := range map[string][2]int{
		"stages":                 {ivs.MaxStages, 1000},
		"publishers per stage":   {ivs.MaxPublishersPerStage, 12},
		"subscribers per stage":  {ivs.MaxSubscribersPerStage, 10000},
		"concurrent publishers":  {ivs.MaxConcurrentPublishers, 1000},
		"concurrent subscribers": {ivs.MaxConcurrentSubscriptions, 20000},
		"encoder configurations": {ivs.MaxEncoderConfigurations, 20},
		"storage configurations": {ivs.MaxStorageConfigurations, 5},
		"ingest configurations":  {ivs.MaxIngestConfigurations, 100},
		"active compositions":    {ivs.MaxActiveCompositions, 20},
		"compositions per stage": {ivs.MaxActiveCompositionsPerStage, 5},
		"public keys":            {ivs.MaxPublicKeys, 3},
		"replications":           {ivs.MaxReplicationsPerParticipant, 5},
		"token minutes":          {ivs.MaxTokenDurationMinutes, 20160},
	} {
		if c[0] != c[1] {
			t.Errorf("%s: %d, want %d", name, c[0], c[1])
		}
	}
	if ivs.ErrorStatus[ivs.ErrServiceQuotaExceeded] != 402 {
		t.Error("ServiceQuotaExceededException is not 402")
	}
}

// Each enumeration is the SDK's, value for value.
func TestEnumsAreTheSDKs(t *testing.T) {
	strs := func(v any) []string {
		rv := reflect.ValueOf(v)
		out := make([]string, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).String()
		}
		return out
	}
	for name, c := range map[string][2][]string{
		"participant states":  {ivs.ParticipantStates, strs(types.ParticipantState("").Values())},
		"recording states":    {ivs.ParticipantRecordingStates, strs(types.ParticipantRecordingFilterByRecordingState("").Values())},
		"media types":         {ivs.RecordingMediaTypes, strs(types.ParticipantRecordingMediaType("").Values())},
		"recording formats":   {ivs.RecordingFormats, strs(types.RecordingConfigurationFormat("").Values())},
		"thumbnail modes":     {ivs.ThumbnailModes, strs(types.ThumbnailRecordingMode("").Values())},
		"thumbnail storages":  {ivs.ThumbnailStorages, strs(types.ThumbnailStorageType("").Values())},
		"ingest protocols":    {ivs.IngestProtocols, strs(types.IngestProtocol("").Values())},
		"ingest states":       {ivs.IngestStates, strs(types.IngestConfigurationState("").Values())},
		"video aspect ratios": {ivs.VideoAspectRatios, strs(types.VideoAspectRatio("").Values())},
		"video fill modes":    {ivs.VideoFillModes, strs(types.VideoFillMode("").Values())},
		"PiP behaviors":       {ivs.PipBehaviors, strs(types.PipBehavior("").Values())},
		"PiP positions":       {ivs.PipPositions, strs(types.PipPosition("").Values())},
		"capabilities":        {ivs.Capabilities, strs(types.ParticipantTokenCapability("").Values())},
	} {
		got, want := slices.Sorted(slices.Values(c[0])), slices.Sorted(slices.Values(c[1]))
		if !slices.Equal(got, want) {
			t.Errorf("%s: catalogue %v, SDK %v", name, got, want)
		}
	}
}
