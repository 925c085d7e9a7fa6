package org.diffusionexplorer.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Only the launcher's restart (app.Relauncher) and bench's PyTorch peer (cli.TorchPeer) start processes: nothing
 * runs a program in the user's working folder (train used to run git there for provenance; issue 14, defect 8).
 */
@AnalyzeClasses(packages = "org.diffusionexplorer", importOptions = ImportOption.DoNotIncludeTests.class)
class NoProcessesTest {
    @ArchTest
    static final ArchRule onlyTheRelauncherAndBenchStartProcesses = noClasses()
            .that().doNotHaveFullyQualifiedName("org.diffusionexplorer.app.Relauncher")
            .and().doNotHaveFullyQualifiedName("org.diffusionexplorer.cli.TorchPeer")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .orShould().callMethod(Runtime.class, "exec", String.class);
}
