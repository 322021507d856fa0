package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

// The ingest configuration operations on the wire (rules: ingest.go).

type createIngestIn struct {
	Name           *string           `json:"name"`
	StageArn       *string           `json:"stageArn"`
	UserID         *string           `json:"userId"`
	Attributes     map[string]string `json:"attributes"`
	IngestProtocol *string           `json:"ingestProtocol"`
	InsecureIngest *bool             `json:"insecureIngest"`
	Tags           map[string]string `json:"tags"`
}

type updateIngestIn struct {
	Arn      *string `json:"arn"`
	StageArn *string `json:"stageArn"`
}

type deleteIngestIn struct {
	Arn   *string `json:"arn"`
	Force *bool   `json:"force"`
}

type listIngestsIn struct {
	listIn
	FilterByStageArn *string `json:"filterByStageArn"`
	FilterByState    *string `json:"filterByState"`
}

type ingestResultOut struct {
	IngestConfiguration ingestOut `json:"ingestConfiguration"`
}

type listIngestsOut struct {
	IngestConfigurations []ingestSummaryOut `json:"ingestConfigurations"`
	NextToken            string             `json:"nextToken,omitempty"`
}

// optStageARN checks a stageArn member that may be "" (no stage).
func optStageARN(v *validator, field string, s *string) string {
	if s == nil || *s == "" {
		return ""
	}
	return v.arn(field, *s, kindStage)
}

func handleCreateIngestConfiguration(b *backend, in *createIngestIn) (any, error) {
	v := b.validator()
	v.name("name", in.Name)
	optStageARN(v, "stageArn", in.StageArn)
	v.optStr("userId", in.UserID, 0, ivs.MaxUserIDLength, nil)
	v.attributes("attributes", in.Attributes)
	if v.required("ingestProtocol", in.IngestProtocol != nil) && v.enum("ingestProtocol", *in.IngestProtocol, ivs.IngestProtocols...) &&
		*in.IngestProtocol == "RTMP" && !deref(in.InsecureIngest) {
		v.failf("Value 'RTMP' at 'ingestProtocol' failed to satisfy constraint: insecureIngest must be set to true to use RTMP")
	}
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	c, err := b.CreateIngestConfiguration(ingestSpec{name: deref(in.Name), protocol: *in.IngestProtocol, insecure: deref(in.InsecureIngest),
		stageARN: deref(in.StageArn), userID: deref(in.UserID), attributes: in.Attributes, tags: in.Tags})
	return ingestResultOut{IngestConfiguration: c}, err
}

func handleGetIngestConfiguration(b *backend, arn string) (any, error) {
	v, err := b.GetIngestConfiguration(arn)
	return ingestResultOut{IngestConfiguration: v}, err
}

func handleUpdateIngestConfiguration(b *backend, in *updateIngestIn) (any, error) {
	v := b.validator()
	optStageARN(v, "stageArn", in.StageArn)
	arn, err := reqARN(v, "arn", in.Arn, kindIngest)
	if err != nil {
		return nil, err
	}
	c, err := b.UpdateIngestConfiguration(arn, deref(in.StageArn))
	return ingestResultOut{IngestConfiguration: c}, err
}

func handleDeleteIngestConfiguration(b *backend, in *deleteIngestIn) (any, error) {
	arn, err := reqARN(b.validator(), "arn", in.Arn, kindIngest)
	if err != nil {
		return nil, err
	}
	return emptyOut{}, b.DeleteIngestConfiguration(arn, deref(in.Force))
}

func handleListIngestConfigurations(b *backend, in *listIngestsIn) (any, error) {
	v := b.validator()
	if in.FilterByStageArn != nil {
		v.arn("filterByStageArn", *in.FilterByStageArn, kindStage)
	}
	v.optEnum("filterByState", in.FilterByState, ivs.IngestStates...)
	if in.FilterByStageArn != nil && in.FilterByState != nil {
		v.failf("Only one filter (by stage ARN or by state) can be used at a time")
	}
	pr := page(v, &b.pager, in.listIn, "ListIngestConfigurations", deref(in.FilterByStageArn), deref(in.FilterByState))
	if err := v.err(); err != nil {
		return nil, err
	}
	list, next := b.ListIngestConfigurations(deref(in.FilterByStageArn), deref(in.FilterByState), pr)
	return listIngestsOut{IngestConfigurations: list, NextToken: next}, nil
}
