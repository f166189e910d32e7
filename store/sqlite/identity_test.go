package sqlite_test

import (
	"testing"

	"github.com/saywho/saywho/store/storetest"
)

func TestIdentities(t *testing.T) {
	storetest.RunIdentities(t, openVerified)
}
