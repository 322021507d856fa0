package emulator

// The stage session operations on the wire (rules: sessions.go).

type listStageSessionsIn struct {
	listIn
	StageArn *string `json:"stageArn"`
}

type listStageSessionsOut struct {
	StageSessions []stageSessionOut `json:"stageSessions"`
	NextToken     string            `json:"nextToken,omitempty"`
}

type getStageSessionIn struct {
	StageArn  *string `json:"stageArn"`
	SessionID *string `json:"sessionId"`
}

type getStageSessionOut struct {
	StageSession stageSessionOut `json:"stageSession"`
}

func handleListStageSessions(b *backend, in *listStageSessionsIn) (any, error) {
	v := b.validator()
	v.reqARN("stageArn", in.StageArn, kindStage)
	pr := page(v, &b.pager, in.listIn, "ListStageSessions", deref(in.StageArn))
	if err := v.err(); err != nil {
		return nil, err
	}
	list, next := b.ListStageSessions(*in.StageArn, pr)
	return listStageSessionsOut{StageSessions: list, NextToken: next}, nil
}

func handleGetStageSession(b *backend, in *getStageSessionIn) (any, error) {
	v := b.validator()
	v.reqARN("stageArn", in.StageArn, kindStage)
	v.sessionID("sessionId", in.SessionID)
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := b.GetStageSession(*in.StageArn, *in.SessionID)
	return getStageSessionOut{StageSession: s}, err
}
