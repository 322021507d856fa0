package model

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/localtoken"
	"github.com/ivsdash/ivsdash/ui"
)

// With --signing-key and --public-key-arn the token form can sign tokens
// itself (ES384, kid = the imported public key's ARN): no
// CreateParticipantToken call, so none of the quota production shares. It
// needs the stage's events and WHIP endpoints, which ListStages does not
// return: GetStage reads them when the stage lacks them.

// mintCmd mints the token the way the form is set to.
func (f *tokenForm) mintCmd(c *Context, req service.TokenRequest) tea.Cmd {
	if f.local && f.signer != nil {
		return mintLocally(c, f.signer, f.stage, req)
	}
	client := c.Client
	return func() tea.Msg {
		ctx, cancel := c.callContext()
		defer cancel()
		t, err := client.CreateParticipantToken(ctx, req)
		return tokenMintedMsg{token: t, err: err}
	}
}

func mintLocally(c *Context, signer *localtoken.Signer, stage service.Stage, req service.TokenRequest) tea.Cmd {
	client := c.Client
	return func() tea.Msg {
		via := "locally, signed with " + signer.PublicKeyARN() + " (no API call, no quota)"
		if stage.Endpoints.Events == "" || stage.Endpoints.WHIP == "" {
			ctx, cancel := c.callContext()
			defer cancel()
			full, err := client.GetStage(ctx, stage.ARN)
			if err != nil {
				return tokenMintedMsg{err: fmt.Errorf("reading the stage's endpoints to sign locally: %w", err)}
			}
			stage = full
			via = "locally, signed with " + signer.PublicKeyARN() + " (no token quota; GetStage read the stage's endpoints)"
		}
		t, err := signer.Mint(stage, req, c.now())
		return tokenMintedMsg{token: t, err: err, via: via}
	}
}

// methodRow is the form's choice between signing locally and the API,
// offered only with a signer: one field, space flips it.
func (f *tokenForm) methodRow(c *Context) string {
	s := c.Styles
	return ui.Toggle(s, "mint locally (no API call, no quota)", f.local, f.focus == tfMethod) + "\n" +
		ui.Toggle(s, "via CreateParticipantToken", !f.local, false)
}

// methodNote says how the token will be minted.
func (f *tokenForm) methodNote(c *Context) string {
	if f.local && f.signer != nil {
		return c.Styles.Muted.Render("Signed here with public key " + resourceID(f.signer.PublicKeyARN()) + "'s private half: no API call, no quota")
	}
	return c.Styles.Muted.Render(fmt.Sprintf("Minted with CreateParticipantToken (uses the token quota: %g/s shared with your backend)", ivs.TPS("CreateParticipantToken")))
}

// skipField moves focus past the method choice when there is no signer.
func (f *tokenForm) skipField(i, dir int) int {
	if (i+tfCount)%tfCount == tfMethod && f.signer == nil {
		return i + dir
	}
	return i
}
