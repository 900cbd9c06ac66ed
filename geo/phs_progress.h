/*
** phs_progress.h: what long steps share with the person at the terminal:
** a progress line on stderr (progress.c) and the Ctrl-C flag (interrupt.c).
**
** The progress line is GDAL's: "0...10...20...30...40...50...60...70...80
** ...90...100 - done." (a dot every 2.5%, the tens as numbers), one line
** per command. A command's long steps each own a part of the line (a
** stage: from `lo` to `hi`, as its `total` units are done); the units are
** whatever the step counts cheaply (bytes read, points, communes, tiles),
** reported in lumps (every few hundred KB, every batch), never per row.
**
** Both live in geo/, the bottom of the dependency graph, because every
** module's loops report to them; like stderr and the signal, each is one
** per process. Only the command-line tool turns them on.
*/
#ifndef PHS_PROGRESS_H
#define PHS_PROGRESS_H

#include "phs_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------- progress */

/*
** Decide once, before any stage, whether the line is drawn: when stderr
** is a terminal and not `quiet`. PHS_PROGRESS=force draws it anyway (the
** tests), PHS_PROGRESS=0 never. Not calling it leaves the line off (the
** library used from other programs prints nothing).
*/
void phs_progress_setup(int quiet);

/*
** Start a stage: the line moves from lo to hi (fractions of the whole,
** 0 <= lo <= hi <= 1) as `total` units are reported with phs_progress_add.
** The first stage of a line prints its "0". Call it from one thread, when
** no other thread reports (before a parallel part starts).
*/
void phs_progress_stage(double lo, double hi, long long total);

/* Set the current stage's total, when only the step itself knows it. */
void phs_progress_total(long long total);

/*
** `units` more of the current stage are done. Thread-safe and cheap: one
** atomic add, and a lock only when the line gains a dot (41 times a line).
** Reaching 100% ends the line with " - done.".
*/
void phs_progress_add(long long units);

/*
** End the line: ok fills it to " - done."; otherwise it stops where it is
** and only the newline is printed, so an error starts a line of its own.
** A no-op when no line is open. The next stage starts a new line.
*/
void phs_progress_end(int ok);

/* ------------------------------------------------------------ interrupt */

/*
** SIGINT and SIGTERM set a flag instead of killing the process; long loops
** check it (phs_interrupted) and unwind through their normal error path
** with phs_interrupt_error, so an open transaction is rolled back and
** files are closed. The handler is reset after the first signal: a second
** Ctrl-C kills at once (the store is still safe: SQLite's journal).
** PHS_TEST_SIGINT_AT=PCT (tests): the progress line raises SIGINT itself
** when it passes PCT percent, drawn or not.
*/
void phs_interrupt_install(void);

/* Non-zero once SIGINT or SIGTERM arrived. Any thread; one atomic load. */
int phs_interrupted(void);

/* Record "interrupted (store unchanged)" in d; returns PHS_EINTERRUPT. */
int phs_interrupt_error(phs_diag *d);

#ifdef __cplusplus
}
#endif
#endif /* PHS_PROGRESS_H */
