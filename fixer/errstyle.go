package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
)

// An errCheck models how the code around a call handles the call's
// error, so that inserted code handles its own errors the same way:
//
//	c, err := net.DialTCP("tcp", nil, raddr)
//	if err != nil {
//		return nil, fmt.Errorf("dial: %w", err)
//	}
//
// gives
//
//	if err := c.SetKeepAliveConfig(cfg); err != nil {
//		c.Close()
//		return nil, fmt.Errorf("set TCP keepalive: %w", err)
//	}
//
// The same shape, the same results zeroed the same way, the same
// wrapping with a message naming the option; log.Fatal, panic and
// t.Fatal are kept as they are; an ignored error stays ignored.
type errCheck struct {
	result  *ast.Ident // receives the connection or fd; nil if discarded
	errName string     // the error variable; "" if the error is ignored
	check   *dst.IfStmt
	list    *[]dst.Stmt // the statement list to insert into
	index   int         // insert after list[index]
	// closedByDefer says a deferred function already closes the
	// result when the function fails, as with named results.
	closedByDefer bool
	// bareReturn says the check returns named results with a bare
	// return, so the inserted check must assign err, not declare it.
	bareReturn bool
	// helper is the check when it is a helper call, not an if
	// statement (errhelper.go).
	helper *helperCheck
	// shared says the check follows if/else branches that each
	// assign the result, or a retry loop that assigns it again: code
	// inserted after it runs for every branch, for the last attempt.
	shared bool
}

// errCheckAfter finds the statement that assigns call's results and
// the error check right after it.
func (f *fixCtx) errCheckAfter(call *ast.CallExpr) (*errCheck, error) {
	path, _ := astutil.PathEnclosingInterval(f.site.File, call.Pos(), call.End())
	i := 0
	for i < len(path) && path[i] != ast.Node(call) {
		i++
	}
	if i+1 >= len(path) {
		return nil, fmt.Errorf("cannot find the call's statement")
	}
	var stmt ast.Stmt
	var lhs []*ast.Ident
	switch p := path[i+1].(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || (p.Tok != token.DEFINE && p.Tok != token.ASSIGN) {
			return nil, fmt.Errorf("assign the call in a statement of its own")
		}
		for _, e := range p.Lhs {
			id, _ := e.(*ast.Ident)
			lhs = append(lhs, id)
		}
		stmt = p
	case *ast.ValueSpec:
		if len(p.Values) != 1 || i+3 >= len(path) {
			return nil, fmt.Errorf("assign the call in a statement of its own")
		}
		lhs = p.Names
		decl, ok := path[i+3].(*ast.DeclStmt)
		if !ok {
			return nil, fmt.Errorf("create the connection inside a function")
		}
		stmt = decl
		i += 2
	default:
		return nil, fmt.Errorf("assign the result to a variable and check its error")
	}
	chk := &errCheck{}
	if len(lhs) > 0 && lhs[0] != nil && lhs[0].Name != "_" {
		chk.result = lhs[0]
	}
	if len(lhs) > 1 && lhs[len(lhs)-1] != nil && lhs[len(lhs)-1].Name != "_" {
		chk.errName = lhs[len(lhs)-1].Name
	}

	// if fd, err = socket(...); err != nil { ... }: the if statement
	// is the check, and the variables outlive it.
	inInit := false
	if i+2 >= len(path) {
		return nil, fmt.Errorf("assign the call in a statement of its own")
	}
	if ifs, ok := path[i+2].(*ast.IfStmt); ok && ifs.Init == stmt {
		as, _ := stmt.(*ast.AssignStmt)
		if as == nil || as.Tok != token.ASSIGN || chk.errName == "" || ifs.Else != nil || !isErrCond(ifs.Cond, chk.errName) {
			return nil, fmt.Errorf("assign the call before the if statement that checks it")
		}
		stmt = ifs
		i++
		inInit = true
	}

	// path[k] is the statement, in the statement list of path[k+1].
	k := i + 1
	list, at := stmtList(path, k)
	if at < 0 {
		return nil, fmt.Errorf("assign the call in a statement of its own")
	}
	after := stmt
	var errObj types.Object
	if chk.errName != "" {
		errObj = f.site.Info.ObjectOf(lhs[len(lhs)-1])
	}
	form := checkNone
	if inInit {
		form = checkIf // the if statement itself
	}
	if chk.errName != "" && !inInit {
		var next int
		next, form = f.checkAfter(list, at, chk.errName, errObj)
		if form == checkNone && at == len(list)-1 {
			// if ... { c, err = dial(a) } else { c, err = dial(b) }
			// if err != nil { ... }: the check after the branches.
			if outer := sameBranches(f.site.Info, path, k, lhs); outer > k {
				k = outer
				chk.shared = true
				list, at = stmtList(path, k)
				next, form = f.checkAfter(list, at, chk.errName, errObj)
			}
		}
		if form == checkNone {
			// c, err := dial(); for ... { c, err = dial() }; if err
			// != nil { ... }: the check after a retry loop (errfind.go).
			if retryLoopAfter(f.site.Info, list, at, call, lhs) {
				chk.shared = true
				next, form = f.checkAfter(list, at+1, chk.errName, errObj)
				if form == checkBareReturn {
					form = checkNone // path[k] is the call's statement, not the loop
				}
			} else if loop := retryLoopAround(f.site.Info, path, k, list, at, call, lhs); loop > k {
				k = loop
				chk.shared = true
				list, at = stmtList(path, k)
				next, form = f.checkAfter(list, at, chk.errName, errObj)
			}
		}
		switch form {
		case checkNone:
			return nil, fmt.Errorf("check its error right after the call")
		case checkBareReturn:
			if !f.namedResult(path, errObj) {
				return nil, fmt.Errorf("check %s right after the call, before the bare return", chk.errName)
			}
			after = path[k].(ast.Stmt)
		default:
			after = list[next]
		}
	}

	var err error
	if chk.list, err = f.listOf(path[k+1]); err != nil {
		return nil, err
	}
	twin, err := f.ed.twin(after)
	if err != nil {
		return nil, err
	}
	chk.index = -1
	for j, s := range *chk.list {
		if s == twin {
			chk.index = j
		}
	}
	if chk.index < 0 {
		return nil, fmt.Errorf("cannot find the error check")
	}
	switch form {
	case checkIf:
		check, ok := twin.(*dst.IfStmt)
		if !ok {
			return nil, fmt.Errorf("the error check's twin is a %T", twin)
		}
		chk.check = check
		chk.bareReturn = hasBareReturn(chk.check.Body)
	case checkHelper:
		es, ok := twin.(*dst.ExprStmt)
		if !ok {
			return nil, fmt.Errorf("the error check's twin is a %T", twin)
		}
		arg, goesOn, _ := helperCheckOf(f.site.Info, after, errObj)
		chk.helper = &helperCheck{stmt: es, arg: arg, goesOn: goesOn}
	case checkBareReturn:
		// c, err = dial(a); return: the check that the bare return
		// implies, if err != nil { return }, goes first.
		chk.check = &dst.IfStmt{
			Cond: &dst.BinaryExpr{X: dst.NewIdent(chk.errName), Op: token.NEQ, Y: dst.NewIdent("nil")},
			Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ReturnStmt{}}},
		}
		chk.bareReturn = true
		if err := f.insertAfter(chk, []dst.Stmt{chk.check}); err != nil {
			return nil, err
		}
		chk.index++
	}
	if chk.result != nil {
		chk.closedByDefer = deferCloses(path, chk.result.Name, call.Pos())
	}
	return chk, nil
}

// handle wraps call, which returns an error, in a check in the style
// of chk. option names what failed, for wrapped messages; closeStmt
// releases the resource when the check leaves the function or loop.
func (chk *errCheck) handle(call dst.Expr, option string, closeStmt dst.Stmt) dst.Stmt {
	if chk.errName == "" {
		return &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []dst.Expr{call}}
	}
	if chk.helper != nil {
		return chk.helper.call(call, option)
	}
	body := dst.Clone(chk.check.Body).(*dst.BlockStmt)
	stripComments(body)
	renameMessages(body, chk.errName, option)
	if closeStmt != nil && !chk.closedByDefer && leaves(body) {
		body.List = append([]dst.Stmt{dst.Clone(closeStmt).(dst.Stmt)}, body.List...)
	}
	// A check that leaves by goto or break, or by a bare return, goes
	// to code that may read the error: assign the site's own error
	// variable (nil here, as the site's check has just passed) rather
	// than declare one that would hide a failed option from that code.
	// (A continue goes to the next attempt, which assigns it anew.)
	tok := token.DEFINE
	if chk.bareReturn || jumpsOut(body) {
		tok = token.ASSIGN
	}
	return &dst.IfStmt{
		Init: &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(chk.errName)}, Tok: tok, Rhs: []dst.Expr{call}},
		Cond: &dst.BinaryExpr{X: dst.NewIdent(chk.errName), Op: token.NEQ, Y: dst.NewIdent("nil")},
		Body: body,
	}
}

// insertAfter inserts stmts after the check (or the assignment, when
// the error is ignored); after a helper that goes on, they run only
// when the call succeeded.
func (f *fixCtx) insertAfter(chk *errCheck, stmts []dst.Stmt) error {
	if chk.helper != nil && chk.helper.goesOn {
		stmts = ifSucceeded(chk.errName, stmts)
	}
	for _, s := range stmts {
		s.Decorations().Before = dst.NewLine
		s.Decorations().After = dst.NewLine
	}
	list := *chk.list
	out := append([]dst.Stmt{}, list[:chk.index+1]...)
	out = append(out, stmts...)
	out = append(out, list[chk.index+1:]...)
	*chk.list = out
	return nil
}

// leaves reports whether body ends by leaving the function or loop
// (return, continue, break, goto), which must not leak the resource;
// a panic or log.Fatal ends the program or test anyway.
func leaves(body *dst.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	switch body.List[len(body.List)-1].(type) {
	case *dst.ReturnStmt, *dst.BranchStmt:
		return true
	}
	return false
}

// jumpsOut reports whether body has a goto or break outside the
// function literals it holds.
func jumpsOut(body *dst.BlockStmt) bool {
	found := false
	dst.Inspect(body, func(n dst.Node) bool {
		if b, ok := n.(*dst.BranchStmt); ok && (b.Tok == token.GOTO || b.Tok == token.BREAK) {
			found = true
		}
		_, lit := n.(*dst.FuncLit)
		return !found && !lit
	})
	return found
}

func hasBareReturn(body *dst.BlockStmt) bool {
	bare := false
	dst.Inspect(body, func(n dst.Node) bool {
		if r, ok := n.(*dst.ReturnStmt); ok && len(r.Results) == 0 {
			bare = true
		}
		_, lit := n.(*dst.FuncLit)
		return !lit
	})
	return bare
}

// deferCloses reports whether the function on path defers a function
// that closes name (the named-results idiom) before pos: a defer
// further down is not registered yet when an inserted check returns.
func deferCloses(path []ast.Node, name string, pos token.Pos) bool {
	var body *ast.BlockStmt
	for _, n := range path {
		if fn, ok := n.(*ast.FuncDecl); ok {
			body = fn.Body
		}
		if fn, ok := n.(*ast.FuncLit); ok && body == nil {
			body = fn.Body
		}
	}
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok || d.Pos() >= pos {
			return !found
		}
		ast.Inspect(d.Call, func(m ast.Node) bool {
			if call, ok := m.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" {
					for _, a := range append([]ast.Expr{sel.X}, call.Args...) {
						if id, ok := a.(*ast.Ident); ok && id.Name == name {
							found = true
						}
					}
				}
			}
			return !found
		})
		return !found
	})
	return found
}

// stripComments drops the comments of a cloned check: they speak of
// the original call.
func stripComments(n dst.Node) {
	dst.Inspect(n, func(n dst.Node) bool {
		if n != nil {
			n.Decorations().Start.Clear()
			n.Decorations().End.Clear()
			clearInnerDecorations(n)
		}
		return true
	})
}

// clearInnerDecorations drops the comments that dst attaches inside a
// node, such as the one after the opening brace of a block
// (if err != nil { // comment).
func clearInnerDecorations(n dst.Node) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	decs := v.Elem().FieldByName("Decs")
	if !decs.IsValid() || decs.Kind() != reflect.Struct {
		return
	}
	for i := range decs.NumField() {
		if d, ok := decs.Field(i).Addr().Interface().(*dst.Decorations); ok {
			d.Clear()
		}
	}
}

// renameMessages rewrites the messages of calls that report errName
// so that they name option: fmt.Errorf("dial: %w", err) becomes
// fmt.Errorf("set TCP keepalive: %w", err), os.NewSyscallError("socket",
// err) becomes os.NewSyscallError("setsockopt", err).
func renameMessages(body *dst.BlockStmt, errName, option string) {
	dst.Inspect(body, func(n dst.Node) bool {
		call, ok := n.(*dst.CallExpr)
		if !ok || !passes(call, errName) {
			return true
		}
		fun := calleeName(call)
		for i, a := range call.Args {
			lit, ok := a.(*dst.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			text, err := strconv.Unquote(lit.Value)
			if err != nil {
				continue
			}
			switch {
			case fun == "NewSyscallError":
				lit.Value = strconv.Quote(syscallName(option))
			case strings.Contains(text, "%"):
				verb := "%v"
				if strings.Contains(text, "%w") {
					verb = "%w"
				}
				lit.Value = strconv.Quote(option + ": " + verb)
				call.Args = append(call.Args[:i+1], dst.NewIdent(errName))
				if i > 0 && isIdent(call.Args[0], errName) { // errors.Wrapf(err, "...")
					lit.Value = strconv.Quote(option)
					call.Args = call.Args[:i+1]
				}
				return false
			default:
				lit.Value = strconv.Quote(option)
			}
		}
		return false
	})
}

// syscallName is the system call that an option names for
// os.NewSyscallError: "wsaioctl" for "wsaioctl SIO_KEEPALIVE_VALS",
// else "setsockopt".
func syscallName(option string) string {
	if name, _, ok := strings.Cut(option, " "); ok && name == "wsaioctl" {
		return name
	}
	return "setsockopt"
}

// passes reports whether call has errName among its arguments.
func passes(call *dst.CallExpr, errName string) bool {
	for _, a := range call.Args {
		if isIdent(a, errName) {
			return true
		}
	}
	return false
}

func isIdent(e dst.Expr, name string) bool {
	id, ok := e.(*dst.Ident)
	return ok && id.Name == name
}

func calleeName(call *dst.CallExpr) string {
	switch fun := call.Fun.(type) {
	case *dst.Ident:
		return fun.Name
	case *dst.SelectorExpr:
		return fun.Sel.Name
	}
	return ""
}
