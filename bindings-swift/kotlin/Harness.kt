// A small test harness: the JVM side has no JUnit here (no Maven repository), so tests are plain
// functions registered in Main.kt, run one by one, and counted in the closing line
// "Kotlin: N passed, N failed".
package com.example.corporatebilling.tests

import com.example.corporatebilling.BillingException

/** Fails the running test unless `expected == actual` (BigDecimal compares scale too). */
fun <T> assertEquals(expected: T, actual: T, what: String = "") {
    if (expected != actual) throw AssertionError("$what: expected <$expected>, got <$actual>")
}

/** Fails the running test unless `condition` holds. */
fun assertTrue(condition: Boolean, what: String) {
    if (!condition) throw AssertionError(what)
}

/** Runs `body`, which must throw a BillingException of type `E` with the stable `code`. */
inline fun <reified E : BillingException> assertThrows(code: String, body: () -> Unit): E {
    try {
        body()
    } catch (e: BillingException) {
        assertEquals(code, e.code(), "code of $e")
        if (e !is E) throw AssertionError("expected ${E::class.simpleName}, got ${e::class.simpleName}: $e")
        return e
    }
    throw AssertionError("expected BillingException.${E::class.simpleName} ($code), nothing was thrown")
}

/** Runs every test and prints the closing count; returns whether all passed. */
fun runAll(tests: List<Pair<String, () -> Unit>>): Boolean {
    var passed = 0
    var failed = 0
    for ((name, test) in tests) {
        try {
            test()
            passed++
            println("PASS $name")
        } catch (t: Throwable) {
            failed++
            println("FAIL $name: $t")
            t.printStackTrace(System.out)
        }
    }
    println("Kotlin: $passed passed, $failed failed")
    return failed == 0
}
