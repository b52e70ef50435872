import ArgumentParser

// KFLang's AST has a type `Argument` (a call argument); inside this module `@Argument` means
// swift-argument-parser's property wrapper.
typealias Argument = ArgumentParser.Argument
